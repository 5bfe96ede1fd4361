# One call of changelog_update() is one transaction, which holds a lock on
# every object it creates.  Past max_locks_per_transaction the call fails with
# "out of shared memory": the error must name the changeset and point at the
# two ways out; CALL changelog_update_each(...) then gets through.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('locks');
$node->init;
$node->append_conf('postgresql.conf', qq{
max_locks_per_transaction = 10
max_connections = 10
max_wal_senders = 0
max_worker_processes = 2
autovacuum = off
});
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION changelog_sync');

# 400 changesets, each creating a table
my $changelog = "--liquibase formatted sql\n";
for my $i (1 .. 400)
{
	$changelog .= "--changeset bench:$i\ncreate table t$i (id int primary key);\n";
}
$changelog =~ s/'/''/g;

my ($ret, $stdout, $stderr) = $node->psql('postgres',
	"SELECT count(*) FROM changelog_update('locks.sql', changelog => '$changelog')");
isnt($ret, 0, 'one transaction runs out of lock slots');
like($stderr, qr/out of shared memory/, 'the error is the lock table being full');
like($stderr, qr/changeset "\d+" by "bench" in "locks.sql"/, 'the error names the changeset');
like($stderr, qr/CALL changelog_update_each/, 'the hint names changelog_update_each');
like($stderr, qr/max_locks_per_transaction/, 'the hint names max_locks_per_transaction');
is($node->safe_psql('postgres',
	"SELECT count(*) FROM pg_tables WHERE tablename IN ('t1', 'databasechangelog')"),
	'0', 'nothing was applied');

($ret, $stdout, $stderr) = $node->psql('postgres',
	"SET client_min_messages = warning; CALL changelog_update_each('locks.sql', changelog => '$changelog')");
is($ret, 0, 'changelog_update_each commits per changeset and succeeds') or diag($stderr);
is($node->safe_psql('postgres',
	"SELECT count(*), min(orderexecuted), max(orderexecuted), count(DISTINCT deployment_id) FROM databasechangelog"),
	'400|1|400|1', 'every changeset recorded once, in order, with one deployment id');
is($node->safe_psql('postgres', 'SELECT locked FROM databasechangeloglock'),
	'f', 'the Liquibase lock row is not left locked');

# progress: a NOTICE per changeset that ran, silenced by client_min_messages
($ret, $stdout, $stderr) = $node->psql('postgres',
	"SELECT count(*) FROM changelog_update('notice.sql', changelog => E'--liquibase formatted sql\\n--changeset a:1\\nselect 1;\\n--changeset a:2\\nselect 2;\\n')");
like($stderr, qr/NOTICE:  changeset notice.sql::1::a executed in [0-9.]+ ms.*NOTICE:  changeset notice.sql::2::a executed in/s,
	'a NOTICE per changeset, with its time');
($ret, $stdout, $stderr) = $node->psql('postgres',
	"SET client_min_messages = warning; SELECT count(*) FROM changelog_update('notice2.sql', changelog => E'--liquibase formatted sql\\n--changeset a:1\\nselect 1;\\n--changeset a:2\\nselect 2;\\n')");
is($stderr, '', 'quiet under client_min_messages = warning');

# running it again does nothing
is($node->safe_psql('postgres',
	"SELECT count(*) FILTER (WHERE action = 'already_ran') FROM changelog_update('locks.sql', changelog => '$changelog')"),
	'400', 'a second run finds everything already ran');

$node->stop;
done_testing();
