--liquibase formatted sql
--changeset eve:all-1
select 1;
