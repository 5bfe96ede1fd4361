-- sequence.xml: schema s1 (sq2, sq6).
create schema s1;
