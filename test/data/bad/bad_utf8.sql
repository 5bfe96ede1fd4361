--liquibase formatted sql
--changeset bad:1
select 1; -- café in Latin-1
