-- createtable.xml: org(id) for the foreign keys of ct1, sequence seq_x for the default of ct2.
create table org (id int primary key);
create sequence seq_x;
