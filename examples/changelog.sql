--liquibase formatted sql

-- An example changelog for changelog_sync, in Liquibase's formatted SQL.
-- scripts/setup.sh applies it with changelog_update() and records it with changelog_sync().

--changeset alice:1
--comment: a table of customers
CREATE TABLE customer (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL,
    email      text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
--rollback DROP TABLE customer;

--changeset alice:2
--comment: look customers up by name
CREATE INDEX customer_name_idx ON customer (name);
--rollback DROP INDEX customer_name_idx;

--changeset bob:3 splitStatements:false
--comment: a function whose body holds semicolons, so the changeset is sent as one statement
CREATE FUNCTION customer_count() RETURNS bigint
LANGUAGE plpgsql STABLE
AS $$
BEGIN
    RETURN (SELECT count(*) FROM customer);
END;
$$;
--rollback DROP FUNCTION customer_count();

--changeset bob:4 context:dev
--comment: sample rows, only where the "dev" context is selected (or no context is given)
INSERT INTO customer (name, email) VALUES
    ('Ada Lovelace', 'ada@example.com'),
    ('Alan Turing', 'alan@example.com');
--rollback DELETE FROM customer WHERE email IN ('ada@example.com', 'alan@example.com');
