--liquibase formatted sql
--changeset eve:all-2
select 2;
