-- constraints.xml: public.person with every column the changesets touch and no primary key (co1
-- adds one), plus a constraint named pk_person for co3 to drop (pk_person itself goes to
-- s1.person in co2); org(id, x) and s2.org(x, y) as foreign-key targets; sequence seq_f (co12).
-- Rows: null last_name / age for the defaultNullValue updates of co10 / co10b.
create schema s1;
create schema s2;
create table org (id int primary key, x text unique);
create table s2.org (x int, y int, unique (x, y));
create table s1.person (id int, a int, b int default 7);
create sequence seq_f;
create table person (id int not null, tenant int not null, org_id int, a text, b numeric,
	c boolean, d timestamp, e timestamp, f int, g date, i int, first_name varchar(50),
	last_name varchar(50), age int, email text, constraint pk_person unique (id));
insert into person (id, tenant, first_name, last_name, age) values (1, 1, 'a', null, null), (2, 1, 'b', 'x', 5);
