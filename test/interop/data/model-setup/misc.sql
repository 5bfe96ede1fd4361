-- misc.xml: person (state for the lookup table of mi2, first/last merged by mi3, name for mi5),
-- s1.person(city) and schema s2 for mi2b, view v(name) for mi5b.
create schema s1;
create schema s2;
create table person (id int, name varchar(50), state char(2), first text, last text);
insert into person values (1, 'a', 'CA', 'John', 'Doe'), (2, 'b', 'NY', 'Jane', null),
	(3, 'c', 'CA', null, 'X'), (4, 'd', null, 'Y', 'Z');
create table s1.person (id int, city text);
insert into s1.person values (1, 'Paris'), (2, 'Rome'), (3, 'Paris'), (4, null);
create view v as select id, name from person;
