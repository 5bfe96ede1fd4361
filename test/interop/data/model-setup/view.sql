-- view.xml: schema s1 and the table person(id, name) the views select from.
create schema s1;
create table person (id int, name text);
insert into person values (1, 'x'), (2, 'y');
