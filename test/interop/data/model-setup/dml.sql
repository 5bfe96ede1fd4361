-- dml.xml: public.person and s1.person with the columns inserted, sequence seq_a.
create schema s1;
create sequence seq_a;
create table person (id numeric, name text, active boolean, born date, ts timestamp, tm time,
	created timestamp, seq bigint, seqc bigint, nothing text, numstr text, age int);
create table s1.person (id numeric, name text, flag boolean, empty text, uni text, bs text,
	dt timestamp, dt2 timestamp);
