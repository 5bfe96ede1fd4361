-- altertable.xml: public.person (empty: al1 adds a NOT NULL primary-key column without default;
-- c1, c2 and c5 for al4 and al6b), org(id) for the foreign key of al1, myschema.person with a row
-- for the values of al2, s1.other (al9) and s1.a (al10).
create schema s1;
create schema myschema;
create table org (id int primary key);
create table person (id int, c1 int, c2 varchar(5), c5 date);
create table myschema.person (id int);
insert into myschema.person values (1), (2);
create table s1.other (id int);
create table s1.a (id int);
