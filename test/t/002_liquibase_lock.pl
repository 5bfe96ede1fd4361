# A Liquibase CLI holds DATABASECHANGELOGLOCK (LOCKED = TRUE, committed).
# changelog_update waits for it; when the CLI releases the lock, the update
# goes on.  A backend killed in the middle of an update leaves no partial
# rows and no stuck lock.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(usleep);

my $node = PostgreSQL::Test::Cluster->new('lbl');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION changelog_sync');
$node->safe_psql('postgres', q{
SET client_min_messages = warning;
SELECT count(*) FROM changelog_sync('setup.sql', changelog => E'--liquibase formatted sql\n--changeset a:0\nselect 1;\n');
UPDATE databasechangeloglock SET LOCKED = TRUE, LOCKEDBY = 'cli-host (127.0.0.1)', LOCKGRANTED = now() WHERE ID = 1;
});

# the update waits in the background
my ($out, $err) = ('', '');
my $h = IPC::Run::start(
	[ 'psql', '-X', '-At', '-d', $node->connstr('postgres'), '-c',
	  "SELECT string_agg(id || ':' || action, ',') FROM changelog_update('wait.sql', changelog => E'--liquibase formatted sql\\n--changeset a:1\\ncreate table waited (id int);\\n')" ],
	'>', \$out, '2>', \$err);
usleep(1_500_000);
ok($h->pumpable, 'the update is still waiting while the CLI holds the lock');
is($node->safe_psql('postgres', "SELECT to_regclass('waited') IS NULL"), 't', 'nothing ran yet');

# the CLI releases its lock
$node->safe_psql('postgres', 'UPDATE databasechangeloglock SET LOCKED = FALSE, LOCKEDBY = NULL, LOCKGRANTED = NULL WHERE ID = 1');
ok($h->finish, 'the update finished') or diag($err);
like($out, qr/^1:executed$/m, 'and ran the changeset');
like($err, qr/waiting for the Liquibase lock held by cli-host/, 'it said what it was waiting for');

# a backend terminated in the middle of an update: no partial rows, no stuck lock
($out, $err) = ('', '');
$h = IPC::Run::start(
	[ 'psql', '-X', '-At', '-d', $node->connstr('postgres'), '-c',
	  "SELECT count(*) FROM changelog_update('kill.sql', changelog => E'--liquibase formatted sql\\n--changeset a:1\\ncreate table killed1 (id int);\\n--changeset a:2\\nselect pg_sleep(60);\\n')" ],
	'>', \$out, '2>', \$err);
my $pid = '';
for (1 .. 100)
{
	$pid = $node->safe_psql('postgres', "SELECT pid FROM pg_stat_activity WHERE query LIKE '%kill.sql%' AND pid <> pg_backend_pid() AND state = 'active'");
	last if $pid ne '';
	usleep(100_000);
}
isnt($pid, '', 'the update is running');
usleep(300_000);
$node->safe_psql('postgres', "SELECT pg_terminate_backend($pid)");
ok(!$h->finish, 'the terminated update failed');
is($node->safe_psql('postgres', "SELECT count(*) FROM databasechangelog WHERE filename = 'kill.sql'"), '0', 'no partial history rows');
is($node->safe_psql('postgres', "SELECT to_regclass('killed1') IS NULL"), 't', 'no partial schema change');
is($node->safe_psql('postgres', 'SELECT locked FROM databasechangeloglock'), 'f', 'the Liquibase lock is not stuck');
is($node->safe_psql('postgres', "SET client_min_messages = warning; SELECT string_agg(action, ',') FROM changelog_update('kill.sql', changelog => E'--liquibase formatted sql\\n--changeset a:1\\ncreate table killed1 (id int);\\n--changeset a:2\\nselect 1;\\n')"),
	'executed,executed', 'the next update succeeds');

$node->stop;
done_testing();
