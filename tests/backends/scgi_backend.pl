#!/usr/bin/perl
# An SCGI backend on Perl's SCGI module (Debian: libscgi-perl), for the integration tests.
# Usage: scgi_backend.pl tcp 0 | scgi_backend.pl unix /path/to.sock
# Prints "ready <port-or-path>" once listening. What it answers depends on PATH_INFO.
use strict;
use warnings;
use SCGI;
use IO::Socket::INET;
use IO::Socket::UNIX;

my ($mode, $address) = @ARGV;
my $socket = $mode eq 'unix'
    ? IO::Socket::UNIX->new(Local => $address, Listen => 64) || die "listen: $!"
    : IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $address, Listen => 64, ReuseAddr => 1) || die "listen: $!";
$SIG{PIPE} = 'IGNORE';
$| = 1;
print "ready ", ($mode eq 'unix' ? $address : $socket->sockport), "\n";

my $scgi = SCGI->new($socket, blocking => 1);
while (my $request = $scgi->accept) {
    eval { $request->read_env; 1 } or do { warn "bad request: $@"; $request->close; next; };
    my $env = $request->env;
    my $out = $request->connection;
    binmode $out;
    my $path = $env->{PATH_INFO} // '';
    if ($path eq '/env') {
        print $out "20 text/plain\r\n";
        print $out "$_=$env->{$_}\n" for sort keys %$env;
    } elsif ($path eq '/binary') {
        print $out "20 application/octet-stream\r\n", join('', map { chr } 0 .. 255);
    } elsif ($path =~ m{^/status/(\d+)$}) {
        print $out "$1 Status from Perl\r\n";
    } elsif ($path =~ m{^/large/(\d+)$}) {
        print $out "20 application/octet-stream\r\n";
        my $left = $1;
        my $chunk = 'x' x 65536;
        while ($left > 0) {
            my $n = $left < 65536 ? $left : 65536;
            print $out substr($chunk, 0, $n) or last;
            $left -= $n;
        }
    } elsif ($path eq '/silent') {
        sleep 30;
    } elsif ($path eq '/close') {
        # closes without writing anything
    } elsif ($path eq '/garbage') {
        print $out "HELLO THIS IS NOT GEMINI\r\n";
    } elsif ($path eq '/die-midway') {
        print $out "20 text/plain\r\n", 'y' x 100000;
        $out->flush;
        exit 1;
    } else {
        print $out "20 text/gemini\r\n# Hello from Perl SCGI\n\nPath: $path\nQuery: $env->{QUERY_STRING}\n";
    }
    $request->close;
}
