--liquibase formatted sql
--changeset bad:loop
select 1;
