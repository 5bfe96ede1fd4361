-- types.xml: the types Liquibase passes through that PostgreSQL does not have, as domains
-- (MEDIUMINT, YEAR, MYTYPE, PUBLIC.MYTYPE); varchar(max), nvarchar(max) and enum('a','b') cannot
-- be created at all and are left out of the runnable part (see 007_model_cases_interop.sh).
create domain mediumint as int;
create domain year as int;
create domain mytype as text;
