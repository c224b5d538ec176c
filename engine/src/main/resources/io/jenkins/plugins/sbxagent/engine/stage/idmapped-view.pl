# Makes a read-only, idmapped view of a folder.
#
#   perl idmapped-view.pl SOURCE TARGET UID_MAP GID_MAP
#
# Mounts a clone of SOURCE (not its submounts) on TARGET: read-only, without setuid or devices, each
# id shown through the maps, written as in /proc/PID/uid_map with ';' between the lines ("0 1000 1"
# shows what root owns as owned by 1000). util-linux 2.38's mount cannot do it (X-mount.idmap came
# in 2.39) and Java reaches no system call, so this makes the three calls of Linux's mount API
# itself. perl-base is part of every Debian and Ubuntu system.
#
# Prints nothing on success; on failure, one line naming the step and the reason, and exits non-zero.
use strict;
use warnings;

# Calls added since Linux 5.0 have one number on every architecture but alpha.
my $SYS_OPEN_TREE     = 428;
my $SYS_MOVE_MOUNT    = 429;
my $SYS_MOUNT_SETATTR = 442;

my $AT_FDCWD                = -100;
my $AT_EMPTY_PATH           = 0x1000;
my $OPEN_TREE_CLONE         = 1;
my $OPEN_TREE_CLOEXEC       = 02000000;
my $MOVE_MOUNT_F_EMPTY_PATH = 0x4;
my $MOUNT_ATTR_RDONLY       = 0x1;
my $MOUNT_ATTR_NOSUID       = 0x2;
my $MOUNT_ATTR_NODEV        = 0x4;
my $MOUNT_ATTR_IDMAP        = 0x100000;

@ARGV == 4 or die "usage: perl idmapped-view.pl SOURCE TARGET UID_MAP GID_MAP\n";
my ($source, $target, $uid_map, $gid_map) = @ARGV;
# syscall() passes strings as pointers and wants them writable: no literal ''
my $empty = '';

# The maps live in a user namespace, held by a child that waits on a pipe: it exits when this
# script does, however it ends, and takes the namespace with it (the mount keeps its own reference).
pipe(my $ready_in, my $ready_out) or die "pipe: $!\n";
pipe(my $hold_in, my $hold_out) or die "pipe: $!\n";
my $holder = fork() // die "fork: $!\n";
if ($holder == 0) {
    close $ready_in;
    close $hold_out;
    open(STDIN, '<&', $hold_in) or die "stdin: $!\n";
    open(STDOUT, '>&', $ready_out) or die "stdout: $!\n";
    exec('unshare', '--user', '--', 'sh', '-c', 'echo ready; read -r _') or die "unshare: $!\n";
}
close $ready_out;
close $hold_in;
defined(my $ready = <$ready_in>) or die "unshare --user: no new user namespace\n";

write_map("/proc/$holder/uid_map", $uid_map);
write_map("/proc/$holder/gid_map", $gid_map);
open(my $namespace, '<', "/proc/$holder/ns/user") or die "user namespace: $!\n";

my $tree = syscall($SYS_OPEN_TREE, $AT_FDCWD, $source, $OPEN_TREE_CLONE | $OPEN_TREE_CLOEXEC);
$tree >= 0 or die "open_tree $source: $!\n";
# struct mount_attr { u64 attr_set; u64 attr_clr; u64 propagation; u64 userns_fd; }
my $attributes = pack('QQQQ', $MOUNT_ATTR_IDMAP | $MOUNT_ATTR_RDONLY | $MOUNT_ATTR_NOSUID | $MOUNT_ATTR_NODEV, 0, 0, fileno($namespace));
syscall($SYS_MOUNT_SETATTR, $tree, $empty, $AT_EMPTY_PATH, $attributes, length $attributes) == 0
    or die "mount_setattr (idmap) $source: $!\n";
syscall($SYS_MOVE_MOUNT, $tree, $empty, $AT_FDCWD, $target, $MOVE_MOUNT_F_EMPTY_PATH) == 0
    or die "move_mount $target: $!\n";

close $hold_out;
waitpid($holder, 0);

# A map must reach the kernel in one write.
sub write_map {
    my ($file, $lines) = @_;
    (my $text = $lines) =~ s/;/\n/g;
    open(my $map, '>', $file) or die "$file: $!\n";
    my $written = syswrite($map, "$text\n");
    defined $written && $written == length("$text\n") or die "$file: $!\n";
    close $map or die "$file: $!\n";
}
