-- rollback.xml: tables b and c for r3 and r5 to drop.
create table b (id int);
create table c (id int);
