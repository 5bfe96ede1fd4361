--liquibase formatted sql

--changeset cmd:s1
create table cmd_s (id int primary key, v text);
--rollback drop table cmd_s;

--changeset cmd:s2
insert into cmd_s values (1, 'one');
--rollback delete from cmd_s where id = 1;

--changeset cmd:s3
create view cmd_sv as select id from cmd_s;
--rollback drop view cmd_sv;

--changeset cmd:s4 runAlways:true
update cmd_s set v = 'touched' where id = 1;
--rollback empty

--changeset cmd:s5
create index cmd_s_v on cmd_s (v);
/* liquibase rollback
drop index cmd_s_v;
*/
