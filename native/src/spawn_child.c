#include "spawn_child.h"

#include "hostdirs.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

const char *spawn_stage_name(int32_t stage)
{
	switch (stage) {
	case SPAWN_STAGE_SETNS:
		return "setns into the namespace";
	case SPAWN_STAGE_MOUNT_NAMESPACE:
		return "entering a private mount namespace";
	case SPAWN_STAGE_SYSFS:
		return "mounting /sys for the namespace";
	case SPAWN_STAGE_SETSID:
		return "setsid";
	case SPAWN_STAGE_CONTROLLING_TTY:
		return "making the pty the controlling terminal";
	case SPAWN_STAGE_STDIO:
		return "setting up stdin/stdout/stderr";
	case SPAWN_STAGE_SETGROUPS:
		return "setgroups";
	case SPAWN_STAGE_SETGID:
		return "setgid";
	case SPAWN_STAGE_SETUID:
		return "setuid";
	case SPAWN_STAGE_VERIFY_IDS:
		return "verifying the user and group ids took effect";
	case SPAWN_STAGE_PARENT_DEATH_SIGNAL:
		return "arming the parent-death signal";
	case SPAWN_STAGE_CHDIR:
		return "chdir";
	case SPAWN_STAGE_EXEC:
		return "exec";
	case SPAWN_STAGE_PRIVATE_DIR:
		return "mounting the host's own directory";
	case SPAWN_STAGE_NO_NEW_PRIVS:
		return "setting no_new_privs";
	case SPAWN_STAGE_HOSTNAME:
		return "setting the host name";
	default:
		return "an unknown step";
	}
}

static __attribute__((noreturn)) void fail_at(const struct spawn_plan *plan, enum spawn_stage stage, int err,
					       size_t index)
{
	struct spawn_report report = { stage, err, (int32_t)index };
	ssize_t written;

	do
		written = write(plan->report_fd, &report, sizeof(report));
	while (written < 0 && errno == EINTR);
	_exit(127);
}

static __attribute__((noreturn)) void fail(const struct spawn_plan *plan, enum spawn_stage stage, int err)
{
	fail_at(plan, stage, err, 0);
}

/* Node ignores SIGPIPE and libuv blocks or handles others; a fresh program must start from defaults. */
static void reset_signals(void)
{
	struct sigaction default_action = { .sa_handler = SIG_DFL };
	sigset_t none;

	for (int signo = 1; signo < NSIG; signo++)
		sigaction(signo, &default_action, NULL); /* fails harmlessly for SIGKILL, SIGSTOP and glibc's own */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static int install_stdio(const struct spawn_plan *plan)
{
	for (int target = 0; target < 3; target++)
		if (dup2(plan->stdio[target], target) < 0) /* dup2 clears close-on-exec on the copy */
			return -1;
	return 0;
}

static int ids_took_effect(const struct spawn_plan *plan)
{
	gid_t groups[64];
	int count;

	if (getuid() != plan->uid || geteuid() != plan->uid || getgid() != plan->gid || getegid() != plan->gid)
		return 0;
	/* A non-root user must not be able to get root back. */
	if (plan->uid != 0 && setuid(0) == 0)
		return 0;
	count = getgroups(sizeof(groups) / sizeof(groups[0]), groups);
	if (plan->group_count <= sizeof(groups) / sizeof(groups[0]) && count != (int)plan->group_count)
		return 0;
	return 1;
}

static void drop_privileges(const struct spawn_plan *plan)
{
	if (setgroups(plan->group_count, plan->groups) < 0)
		fail(plan, SPAWN_STAGE_SETGROUPS, errno);
	if (setgid(plan->gid) < 0)
		fail(plan, SPAWN_STAGE_SETGID, errno);
	if (setuid(plan->uid) < 0)
		fail(plan, SPAWN_STAGE_SETUID, errno);
	if (!ids_took_effect(plan))
		fail(plan, SPAWN_STAGE_VERIFY_IDS, EPERM);
}

/* Like execvpe(), but searching the PATH of the child's environment (resolved by the parent). */
static __attribute__((noreturn)) void exec_program(const struct spawn_plan *plan)
{
	int err = ENOENT;
	int saw_eacces = 0;

	for (char **path = plan->exec_paths; *path; path++) {
		execve(*path, plan->argv, plan->envp);
		err = errno;
		if (err == EACCES)
			saw_eacces = 1;
		else if (err != ENOENT && err != ENOTDIR && err != ESTALE && err != ENODEV && err != ETIMEDOUT)
			break;
	}
	fail(plan, SPAWN_STAGE_EXEC, saw_eacces && (err == ENOENT || err == ENOTDIR) ? EACCES : err);
}

/*
 * What `ip netns exec` adds to setns (iproute2 ip/ipnetns.c): a private
 * mount namespace that propagates nothing back, a /sys showing this
 * namespace's devices, and the files of /etc/netns/<name>/ over /etc (as
 * ip does, a file that cannot be bound is skipped).
 */
static void enter_mount_view(const struct spawn_plan *plan)
{
	if (unshare(CLONE_NEWNS) < 0 || mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0)
		fail(plan, SPAWN_STAGE_MOUNT_NAMESPACE, errno);
	umount2("/sys", MNT_DETACH); /* none mounted is fine */
	if (mount(plan->netns_name, "/sys", "sysfs", plan->sysfs_flags, NULL) < 0)
		fail(plan, SPAWN_STAGE_SYSFS, errno);
	for (size_t i = 0; plan->etc_sources[i]; i++)
		mount(plan->etc_sources[i], plan->etc_targets[i], "none", MS_BIND, NULL);
}

/*
 * The host's own directories over the machine's (after the /etc bindings,
 * whose sources may sit under /run). The user can write to them, and a
 * setuid program trusts what it finds in /run or /etc: no program of this
 * process tree may gain privileges any more.
 */
static void mount_private_dirs(const struct spawn_plan *plan)
{
	int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

	for (size_t i = 0; i < plan->tree_count; i++) {
		int target = root < 0 ? -1 : hostdirs_open_beneath(root, plan->tree_targets[i] + 1, O_PATH | O_DIRECTORY);

		if (target < 0 ||
		    move_mount(plan->trees[i], "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
			fail_at(plan, SPAWN_STAGE_PRIVATE_DIR, errno, i);
		close(target);
	}
	if (root >= 0)
		close(root);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fail(plan, SPAWN_STAGE_NO_NEW_PRIVS, errno);
}

/* A host is a machine of its own: its name, not the real machine's. */
static void set_hostname(const struct spawn_plan *plan)
{
	size_t length = 0;

	while (plan->hostname[length])
		length++;
	if (unshare(CLONE_NEWUTS) < 0 || sethostname(plan->hostname, length) < 0)
		fail(plan, SPAWN_STAGE_HOSTNAME, errno);
}

void spawn_child_run(const struct spawn_plan *plan)
{
	reset_signals();
	if (setns(plan->nsfd, CLONE_NEWNET) < 0)
		fail(plan, SPAWN_STAGE_SETNS, errno);
	if (plan->ip_netns_exec_mounts)
		enter_mount_view(plan);
	if (plan->tree_count)
		mount_private_dirs(plan);
	if (plan->hostname)
		set_hostname(plan);
	if (setsid() < 0)
		fail(plan, SPAWN_STAGE_SETSID, errno);
	if (plan->pty && ioctl(plan->stdio[0], TIOCSCTTY, 0) < 0)
		fail(plan, SPAWN_STAGE_CONTROLLING_TTY, errno);
	if (install_stdio(plan) < 0)
		fail(plan, SPAWN_STAGE_STDIO, errno);
	drop_privileges(plan);
	/* Dies with the helper, even after a SIGKILL; must follow setuid, which clears it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		fail(plan, SPAWN_STAGE_PARENT_DEATH_SIGNAL, errno);
	if (getppid() != plan->parent)
		_exit(127);
	if (plan->cwd && chdir(plan->cwd) < 0)
		fail(plan, SPAWN_STAGE_CHDIR, errno);
	/* Whatever the helper holds open (e.g. /dev/vnet) must not leak into user programs. */
	syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
	exec_program(plan);
}
