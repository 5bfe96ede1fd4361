-- sql.xml: table t for the inserts.
create table t (i int);
