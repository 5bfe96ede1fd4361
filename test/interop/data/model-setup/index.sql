-- index.xml: public.person and s1.person with the indexed columns.
create schema s1;
create table person (id int, first_name text, last_name text, email text);
insert into person values (1, 'a', 'b', 'A@x'), (2, 'c', 'd', 'c@x');
create table s1.person (id int, email text);
