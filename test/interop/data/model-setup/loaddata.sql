-- loaddata.xml: person (loadData / loadUpdateData with primaryKey id), person2 (ld2; ld5's
-- onlyUpdate names the CSV header ID as a column), person3 (ld3: no column config at all).
-- Character columns are varchar: loadData reads a text column without a column config as a CLOB,
-- whose cell names a file to load. comp is varchar too: the CSV's CURRENT_TIMESTAMP is inserted
-- as the string 'CURRENT_TIMESTAMP' by ld3 and ld4.
create table person (id int primary key, name varchar(50), active boolean, born timestamp,
	skipme varchar(10), comp varchar(50), amount numeric, uid varchar(10), note varchar(50));
create table person2 (pid int, pname varchar(10), other varchar(10), id int);
create table person3 (id int, name varchar(50), active boolean, born timestamp, skipme varchar(10),
	comp varchar(50), amount numeric, uid varchar(10), note varchar(50));
