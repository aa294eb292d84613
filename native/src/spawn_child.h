/*
 * The part of spawn() that runs in the forked child. Everything it needs is
 * prepared by the parent before fork(), so the child only makes system calls
 * (async-signal-safe, as required after fork() in a threaded process).
 */
#ifndef VNET_SPAWN_CHILD_H
#define VNET_SPAWN_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct spawn_plan {
	int nsfd;           /* /run/netns/<name>, entered first */
	char **argv;        /* NULL-terminated */
	char **envp;        /* NULL-terminated, exactly the child's environment */
	char **exec_paths;  /* NULL-terminated candidates from a PATH search, in order */
	const char *cwd;    /* NULL: stay in the parent's directory */
	uid_t uid;
	gid_t gid;
	const gid_t *groups;
	size_t group_count;
	bool ip_netns_exec_mounts; /* private mounts, /sys and /etc/netns files, as `ip netns exec` */
	unsigned long sysfs_flags;  /* MS_RDONLY when the caller's /sys is read-only */
	const char *netns_name;     /* the sysfs "device" name, as ip uses */
	char **etc_sources;         /* NULL-terminated /etc/netns/<name>/<entry> ... */
	char **etc_targets;         /* ... each bound over /etc/<entry> */
	const int *trees;           /* detached copies (open_tree) of the host's own directories ... */
	char **tree_targets;        /* ... each moved over this absolute path; then no_new_privs is set */
	size_t tree_count;
	const char *hostname;       /* set in a UTS namespace of the child's own; NULL: the caller's */
	bool pty;           /* stdio[0..2] are the pty slave, to become the controlling tty */
	int stdio[3];       /* child-side descriptors, all >= 3 */
	int report_fd;      /* close-on-exec pipe: a failure report, or EOF on a successful exec */
	pid_t parent;
};

enum spawn_stage {
	SPAWN_STAGE_SETNS = 1,
	SPAWN_STAGE_MOUNT_NAMESPACE,
	SPAWN_STAGE_SYSFS,
	SPAWN_STAGE_SETSID,
	SPAWN_STAGE_CONTROLLING_TTY,
	SPAWN_STAGE_STDIO,
	SPAWN_STAGE_SETGROUPS,
	SPAWN_STAGE_SETGID,
	SPAWN_STAGE_SETUID,
	SPAWN_STAGE_VERIFY_IDS,
	SPAWN_STAGE_PARENT_DEATH_SIGNAL,
	SPAWN_STAGE_CHDIR,
	SPAWN_STAGE_EXEC,
	SPAWN_STAGE_PRIVATE_DIR,
	SPAWN_STAGE_NO_NEW_PRIVS,
	SPAWN_STAGE_HOSTNAME,
};

/* What the child writes to report_fd when it cannot exec. */
struct spawn_report {
	int32_t stage;
	int32_t err;
	int32_t index; /* SPAWN_STAGE_PRIVATE_DIR: which of tree_targets */
};

const char *spawn_stage_name(int32_t stage);
__attribute__((noreturn)) void spawn_child_run(const struct spawn_plan *plan);

#endif
