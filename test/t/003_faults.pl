# Faults and concurrency: a server crash (immediate stop) or a cancel
# (pg_cancel_backend) in the middle of an update leaves no partial rows, no
# schema change and no stuck lock; sixteen sessions running the same changelog
# at once run every changeset once.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use Time::HiRes qw(usleep);

my $node = PostgreSQL::Test::Cluster->new('faults');
$node->init;
$node->append_conf('postgresql.conf', "max_connections = 40\n");
$node->start;
$node->safe_psql('postgres', 'CREATE EXTENSION changelog_sync');

# the pid of the session whose query names file once it sleeps in pg_sleep, or ''
sub wait_for_sleep
{
	my ($file) = @_;
	my $pid = '';
	for (1 .. 100)
	{
		$pid = $node->safe_psql('postgres',
			"SELECT pid FROM pg_stat_activity WHERE query LIKE '%$file%' AND pid <> pg_backend_pid() AND wait_event = 'PgSleep'");
		last if $pid ne '';
		usleep(100_000);
	}
	return $pid;
}

# --- a crash in the middle of an update
my $slow = "--liquibase formatted sql\\n--changeset a:1\\ncreate table crashed1 (id int);\\n"
  . "--changeset a:2\\nselect pg_sleep(60);\\n";
my ($out, $err) = ('', '');
my $h = IPC::Run::start(
	[ 'psql', '-X', '-At', '-d', $node->connstr('postgres'), '-c',
	  "SELECT count(*) FROM changelog_update('crash.sql', changelog => E'$slow')" ],
	'>', \$out, '2>', \$err);
isnt(wait_for_sleep('crash.sql'), '', 'the update is in its second changeset');
$node->stop('immediate');
$h->finish;
$node->start;
is($node->safe_psql('postgres', "SELECT to_regclass('crashed1') IS NULL"), 't', 'no partial schema change after the crash');
# the tracking tables were created by the crashed transaction: nothing of them remains
is($node->safe_psql('postgres', "SELECT to_regclass('databasechangelog') IS NULL AND to_regclass('databasechangeloglock') IS NULL"),
	't', 'no partial history rows, no lock row left');
is($node->safe_psql('postgres',
	"SET client_min_messages = warning; SELECT string_agg(action, ',') FROM changelog_update('crash.sql', changelog => E'--liquibase formatted sql\\n--changeset a:1\\ncreate table crashed1 (id int);\\n--changeset a:2\\nselect 1;\\n')"),
	'executed,executed', 'the next update succeeds');

# --- a cancel (pg_cancel_backend) in the middle of an update
my $history = $node->safe_psql('postgres', 'SELECT count(*) FROM databasechangelog');
my $slow2 = "--liquibase formatted sql\\n--changeset a:1\\ncreate table cancelled1 (id int);\\n"
  . "--changeset a:2\\nselect pg_sleep(60);\\n";
($out, $err) = ('', '');
$h = IPC::Run::start(
	[ 'psql', '-X', '-At', '-d', $node->connstr('postgres'), '-c',
	  "SELECT count(*) FROM changelog_update('cancel.sql', changelog => E'$slow2')" ],
	'>', \$out, '2>', \$err);
my $pid = wait_for_sleep('cancel.sql');
isnt($pid, '', 'the update to cancel is in its second changeset');
is($node->safe_psql('postgres', "SELECT pg_cancel_backend($pid)"), 't', 'pg_cancel_backend');
$h->finish;
like($err, qr/canceling statement due to user request/, 'the update reports the cancel');
is($node->safe_psql('postgres', "SELECT to_regclass('cancelled1') IS NULL"), 't', 'no partial schema change after the cancel');
is($node->safe_psql('postgres', 'SELECT count(*) FROM databasechangelog'), $history, 'no history row after the cancel');
is($node->safe_psql('postgres', 'SELECT bool_or(locked) FROM databasechangeloglock'), 'f', 'the lock is free after the cancel');
is($node->safe_psql('postgres',
	"SET client_min_messages = warning; SELECT string_agg(action, ',') FROM changelog_update('cancel.sql', changelog => E'--liquibase formatted sql\\n--changeset a:1\\ncreate table cancelled1 (id int);\\n--changeset a:2\\nselect 1;\\n')"),
	'executed,executed', 'the next update after the cancel succeeds');

# --- sixteen sessions at once
my $body = "--liquibase formatted sql\\n";
for my $i (1 .. 20)
{
	$body .= "--changeset c:$i\\ncreate table conc$i (id int);\\ninsert into conc_log values ($i);\\n";
}
$node->safe_psql('postgres', 'CREATE TABLE conc_log (n int)');
my @h;
my @outs;
for my $s (0 .. 15)
{
	my ($o, $e) = ('', '');
	push @outs, [ \$o, \$e ];
	push @h, IPC::Run::start(
		[ 'psql', '-X', '-At', '-d', $node->connstr('postgres'), '-c',
		  "SET client_min_messages = warning; SELECT count(*) FILTER (WHERE action = 'executed') FROM changelog_update('conc.sql', changelog => E'$body')" ],
		'>', \$o, '2>', \$e);
}
my $failed = 0;
my $executed = 0;
for my $i (0 .. 15)
{
	$failed++ unless $h[$i]->finish;
	$executed += ${ $outs[$i][0] } =~ /(\d+)/ ? $1 : 0;
}
is($failed, 0, 'sixteen concurrent updates all succeed');
is($executed, 20, 'twenty changesets executed in all, by one session');
is($node->safe_psql('postgres', 'SELECT count(*), count(DISTINCT n) FROM conc_log'), '20|20',
	'every changeset ran exactly once');
is($node->safe_psql('postgres', "SELECT count(*), count(DISTINCT id) FROM databasechangelog WHERE filename = 'conc.sql'"),
	'20|20', 'no duplicate history row');

$node->stop;
done_testing();
