-- dropallfk.xml: public.child with the two foreign keys child_p1_fkey and child_p2_fk.
create table p1 (id int primary key);
create table p2 (id int primary key);
create table child (p1 int references p1, p2 int constraint child_p2_fk references p2);
