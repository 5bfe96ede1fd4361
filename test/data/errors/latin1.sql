--liquibase formatted sql
--changeset a:1
select 1;
--changeset a:2
select 'café';
