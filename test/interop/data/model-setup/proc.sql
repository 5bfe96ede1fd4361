-- proc.xml: procedure s1.p2 for pr5 to drop.
create schema s1;
create procedure s1.p2() language sql as $$ select 1 $$;
