-- pre.xml: the database described in pre.expected.dbcl.txt: pt(id pk, name, pid fk -> pt) with
-- two rows (id 1 named 'a'), an empty pe, index pt_name_ix, view pv, sequence ps, other.ot.
create table pt (id int primary key, name text, pid int constraint pt_fk references pt);
insert into pt values (1, 'a', null), (2, 'b', 1);
create index pt_name_ix on pt (name);
create table pe (id int);
create view pv as select * from pt;
create sequence ps;
create schema other;
create table other.ot (id int);
