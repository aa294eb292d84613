/*
 * Creating and deleting named network namespaces without running `ip`.
 * As iproute2's lib/namespace.c and ip/ipnetns.c do: /run/netns is made a
 * shared mount so namespaces bound there show in every mount namespace, each
 * namespace is a bind mount of the creating thread's /proc/thread-self/ns/net
 * onto an empty file, and deletion is a lazy unmount plus unlink.
 */
#include "netns.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

bool netns_name_valid(const char *name)
{
	size_t length = strlen(name);

	return length > 0 && length <= NAME_MAX && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

napi_value netns_check_name(napi_env env, const char *name, const char *what)
{
	napi_value undefined;

	if (!netns_name_valid(name))
		return throw_invalid_arg(env, "%s \"%s\" is not a valid namespace name (1 to %d characters, no '/')",
					 what, name, NAME_MAX);
	NAPI_CALL(env, napi_get_undefined(env, &undefined));
	return undefined;
}

void netns_path(char path[NETNS_PATH_MAX], const char *name)
{
	snprintf(path, NETNS_PATH_MAX, NETNS_RUN_DIR "/%s", name);
}

int netns_open(const char *name, struct failure *failure)
{
	char path[NETNS_PATH_MAX];
	int fd;

	netns_path(path, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		failure_set(failure, errno, "namespace \"%s\": open %s", name, path);
	return fd;
}

struct inside_call {
	int nsfd;
	const char *name;
	void (*fn)(void *arg);
	void *arg;
	struct failure *failure;
};

static void *inside_thread(void *data)
{
	struct inside_call *call = data;

	if (setns(call->nsfd, CLONE_NEWNET) < 0)
		failure_set(call->failure, errno, "namespace \"%s\": setns", call->name);
	else
		call->fn(call->arg);
	return NULL;
}

int netns_run_inside(int nsfd, const char *name, void (*fn)(void *arg), void *arg, struct failure *failure)
{
	struct inside_call call = { nsfd, name, fn, arg, failure };
	pthread_t thread;
	int err;

	err = pthread_create(&thread, NULL, inside_thread, &call);
	if (err) {
		failure_set(failure, err, "namespace \"%s\": starting a thread to enter it", name);
		return -1;
	}
	pthread_join(thread, NULL);
	return failure->err ? -1 : 0;
}

/* Makes /run/netns a shared mount point, like `ip netns add` does on first use. */
static int prepare_run_dir(struct failure *failure)
{
	if (mkdir(NETNS_RUN_DIR, 0755) < 0 && errno != EEXIST) {
		failure_set(failure, errno, "mkdir " NETNS_RUN_DIR);
		return -1;
	}
	if (mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL) == 0)
		return 0;
	if (errno != EINVAL) {
		failure_set(failure, errno, "mount --make-rshared " NETNS_RUN_DIR);
		return -1;
	}
	/* Not a mount point yet: bind it onto itself, then share it. */
	if (mount(NETNS_RUN_DIR, NETNS_RUN_DIR, "none", MS_BIND | MS_REC, NULL) < 0) {
		failure_set(failure, errno, "mount --bind " NETNS_RUN_DIR " onto itself");
		return -1;
	}
	if (mount("", NETNS_RUN_DIR, "none", MS_SHARED | MS_REC, NULL) < 0) {
		failure_set(failure, errno, "mount --make-rshared " NETNS_RUN_DIR);
		return -1;
	}
	return 0;
}

/* Unmounts and unlinks; a namespace that is already gone is not an error. */
static int remove_namespace(const char *name, struct failure *failure)
{
	char path[NETNS_PATH_MAX];

	netns_path(path, name);
	if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT) {
		failure_set(failure, errno, "namespace \"%s\": umount %s", name, path);
		return -1;
	}
	if (unlink(path) < 0 && errno != ENOENT) {
		failure_set(failure, errno, "namespace \"%s\": unlink %s", name, path);
		return -1;
	}
	return 0;
}

/*
 * ICMP echo sockets for every group, as Debian sets in the first namespace:
 * ping then needs no privilege, which processes in hosts (no_new_privs, see
 * spawn_child.c) cannot gain. /proc/sys/net shows this thread's namespace.
 * `proc` is a procfs of this batch's own (see netns_private_proc).
 */
static int allow_ping(int proc, const char *name, struct failure *failure)
{
	static const char all_groups[] = "0 2147483647";
	int fd = openat(proc, "sys/net/ipv4/ping_group_range", O_WRONLY | O_CLOEXEC);
	ssize_t written = fd < 0 ? -1 : write(fd, all_groups, sizeof(all_groups) - 1);

	if (written < 0)
		failure_set(failure, errno, "namespace \"%s\": setting net.ipv4.ping_group_range", name);
	if (fd >= 0)
		close(fd);
	return written < 0 ? -1 : 0;
}

/*
 * A procfs instance of our own, mounted nowhere. Every namespace's
 * /proc/sys/net is a dentry of the same name under the same parent, kept
 * until the namespace dies: in the machine's /proc the 10,000th lookup walks
 * 10,000 of them (creating 10,000 namespaces took 180 s, 2,000 took 5 s).
 * Closing the instance frees its dentries. Without the mount API (before
 * 5.2) the machine's /proc.
 */
int netns_private_proc(struct failure *failure)
{
	int fs = fsopen("proc", FSOPEN_CLOEXEC);
	int mnt = -1;

	if (fs >= 0 && fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
		mnt = fsmount(fs, FSMOUNT_CLOEXEC, 0);
	if (fs >= 0)
		close(fs);
	if (mnt < 0)
		mnt = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (mnt < 0)
		failure_set(failure, errno, "opening /proc");
	return mnt;
}

/* Creates one namespace on this thread (which it leaves inside the new namespace) and binds it. */
static int create_namespace(int proc, const char *name, struct failure *failure)
{
	char path[NETNS_PATH_MAX];
	int fd;

	netns_path(path, name);
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0) {
		failure_set(failure, errno, "namespace \"%s\": create %s", name, path);
		return -1;
	}
	close(fd);
	if (unshare(CLONE_NEWNET) < 0) {
		failure_set(failure, errno, "namespace \"%s\": unshare(CLONE_NEWNET)", name);
		unlink(path);
		return -1;
	}
	if (allow_ping(proc, name, failure) < 0) {
		unlink(path);
		return -1;
	}
	if (mount("/proc/thread-self/ns/net", path, "none", MS_BIND, NULL) < 0) {
		failure_set(failure, errno, "namespace \"%s\": mount --bind to %s", name, path);
		unlink(path);
		return -1;
	}
	return 0;
}

struct names_job {
	struct job job; /* first: the job helpers cast back */
	char **names;
	uint32_t count;
};

static void *create_thread(void *data)
{
	struct names_job *names_job = data;
	struct failure *failure = &names_job->job.failure;
	struct failure cleanup = { 0 };
	uint32_t created = 0;
	int proc = -1;

	if (prepare_run_dir(failure) < 0)
		return NULL;
	/* This thread exists only for this batch, so it need not return to the original namespace. */
	while (created < names_job->count) {
		if (created % NETNS_PROC_LOOKUPS == 0) {
			if (proc >= 0)
				close(proc);
			proc = netns_private_proc(failure);
		}
		if (proc < 0 || create_namespace(proc, names_job->names[created], failure) < 0)
			break;
		created++;
	}
	if (proc >= 0)
		close(proc);
	if (failure->err)
		while (created > 0)
			remove_namespace(names_job->names[--created], &cleanup);
	return NULL;
}

static void create_run(struct job *job)
{
	pthread_t thread;
	int err;

	err = pthread_create(&thread, NULL, create_thread, job);
	if (err) {
		failure_set(&job->failure, err, "creating namespaces: starting a thread");
		return;
	}
	pthread_join(thread, NULL);
}

static void delete_run(struct job *job)
{
	struct names_job *names_job = (struct names_job *)job;

	/* Try every name even after a failure, so one stuck namespace does not keep the rest. */
	for (uint32_t i = 0; i < names_job->count; i++)
		remove_namespace(names_job->names[i], &job->failure);
}

static void names_job_release(struct job *job)
{
	struct names_job *names_job = (struct names_job *)job;

	free_string_array(names_job->names, names_job->count);
	free(names_job);
}

static napi_value start_names_job(napi_env env, napi_callback_info info, void (*run)(struct job *), const char *name)
{
	size_t argc = 1;
	napi_value argv[1];
	struct names_job *names_job;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 1)
		return throw_invalid_arg(env, "%s: expected an array of namespace names", name);
	names_job = calloc(1, sizeof(*names_job));
	if (!names_job)
		return throw_no_memory(env, "%s", name);
	if (!read_string_array(env, argv[0], "names", &names_job->names, &names_job->count)) {
		free(names_job);
		return NULL;
	}
	for (uint32_t i = 0; i < names_job->count; i++) {
		if (!netns_check_name(env, names_job->names[i], "namespace")) {
			names_job_release(&names_job->job);
			return NULL;
		}
	}
	names_job->job.run = run;
	names_job->job.release = names_job_release;
	return job_start(env, &names_job->job, name);
}

napi_value netns_create_namespaces(napi_env env, napi_callback_info info)
{
	return start_names_job(env, info, create_run, "vnet.createNamespaces");
}

napi_value netns_delete_namespaces(napi_env env, napi_callback_info info)
{
	return start_names_job(env, info, delete_run, "vnet.deleteNamespaces");
}
