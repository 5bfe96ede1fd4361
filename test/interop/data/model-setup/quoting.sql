-- quoting.xml: the statements name objects in public that the changesets do not create
-- (public."MyTable" for q1's index and insert, public."MyTable2" for q2's addColumn, "T" and "R"
-- for q4's foreign key); q3's unquoted MySchema is schema myschema.
create schema "MySchema";
create schema myschema;
create table public."MyTable" ("Id" int);
create table public."MyTable2" (id int);
create table public."R" ("Id" int primary key);
create table public."T" ("A" int);
