--liquibase formatted sql
--changeset a:1
select 1;
