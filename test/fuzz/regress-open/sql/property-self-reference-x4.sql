--liquibase formatted sql
--property name:p value:${p}${p}${p}${p}
--changeset a:1
select ${p};
