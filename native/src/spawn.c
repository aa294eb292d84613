#include "spawn.h"

#include "child_watch.h"
#include "hostdirs.h"
#include "netns.h"
#include "spawn_child.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define MAX_GROUPS 65536 /* NGROUPS_MAX */

_Static_assert(sizeof(gid_t) == sizeof(uint32_t), "groups are passed to setgroups() as read");

struct spawn_request {
	char *netns;
	char **argv;
	uint32_t argc;
	char **envp;
	uint32_t envc;
	char *cwd;
	uint32_t uid;
	uint32_t gid;
	uint32_t *groups; /* gid_t is a uint32_t on Linux */
	uint32_t group_count;
	bool pty;
	uint32_t cols;
	uint32_t rows;
	bool ip_netns_exec_mounts;
	char *hostname;
	int32_t directory_fd; /* the host directories' parent (privateDirs); -1: none */
	char **mount_sources;  /* relative to directory_fd ... */
	char **mount_targets;  /* ... over these absolute paths */
	uint32_t mount_count;
};

/* Detached copies of the host's directories, made before fork for the child to mount. */
struct private_trees {
	int *fds;
	uint32_t count;
};

/* /etc/netns/<name>/<entry> → /etc/<entry>, listed before fork (readdir may allocate). */
struct etc_bindings {
	char **sources; /* NULL-terminated */
	char **targets;
	uint32_t count;
};

/* Descriptors of one spawn: parent_* stay with Node, child_* go to the child. -1 when unused. */
struct spawn_fds {
	int nsfd;
	int pty_master;
	int child_stdio[3];
	int parent_stdio[3]; /* pipes only: stdin write end, stdout and stderr read ends */
	int report[2];
};

static void etc_bindings_free(struct etc_bindings *bindings)
{
	free_string_array(bindings->sources, bindings->count);
	free_string_array(bindings->targets, bindings->count);
}

static int add_etc_binding(struct etc_bindings *bindings, const char *dir, const char *entry)
{
	char **sources = realloc(bindings->sources, (bindings->count + 2) * sizeof(char *));
	char **targets = sources ? realloc(bindings->targets, (bindings->count + 2) * sizeof(char *)) : NULL;

	if (sources)
		bindings->sources = sources;
	if (targets)
		bindings->targets = targets;
	if (!sources || !targets)
		return -1;
	sources[bindings->count] = targets[bindings->count] = NULL;
	if (asprintf(&sources[bindings->count], "%s/%s", dir, entry) < 0 ||
	    asprintf(&targets[bindings->count], "/etc/%s", entry) < 0) {
		free(sources[bindings->count]);
		return -1;
	}
	bindings->count++;
	sources[bindings->count] = targets[bindings->count] = NULL;
	return 0;
}

static int list_etc_bindings(const char *netns, struct etc_bindings *bindings, struct failure *failure)
{
	char dir[NETNS_PATH_MAX + 16];
	struct dirent *entry;
	DIR *listing;

	bindings->sources = calloc(1, sizeof(char *));
	bindings->targets = calloc(1, sizeof(char *));
	if (!bindings->sources || !bindings->targets) {
		failure_set(failure, ENOMEM, "spawn: /etc/netns bindings");
		return -1;
	}
	snprintf(dir, sizeof(dir), "/etc/netns/%s", netns);
	listing = opendir(dir);
	if (!listing) {
		if (errno == ENOENT)
			return 0; /* nothing to bind, as with ip netns exec */
		failure_set(failure, errno, "namespace \"%s\": listing %s", netns, dir);
		return -1;
	}
	while ((entry = readdir(listing))) {
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		if (add_etc_binding(bindings, dir, entry->d_name) < 0) {
			failure_set(failure, ENOMEM, "namespace \"%s\": listing %s", netns, dir);
			break;
		}
	}
	closedir(listing);
	return failure->err ? -1 : 0;
}

static unsigned long sysfs_flags(void)
{
	struct statvfs sys;

	return statvfs("/sys", &sys) == 0 && (sys.f_flag & ST_RDONLY) ? MS_RDONLY : 0;
}

static void request_free(struct spawn_request *request)
{
	free(request->netns);
	free_string_array(request->argv, request->argc);
	free_string_array(request->envp, request->envc);
	free(request->cwd);
	free(request->groups);
	free(request->hostname);
	free_string_array(request->mount_sources, request->mount_count);
	free_string_array(request->mount_targets, request->mount_count);
}

static napi_value read_pty_size(napi_env env, napi_value pty, struct spawn_request *request)
{
	napi_value cols, rows;

	NAPI_CALL(env, napi_get_named_property(env, pty, "cols", &cols));
	NAPI_CALL(env, napi_get_named_property(env, pty, "rows", &rows));
	if (!read_uint32(env, cols, "spawn: pty.cols", &request->cols) ||
	    !read_uint32(env, rows, "spawn: pty.rows", &request->rows))
		return NULL;
	if (request->cols < 1 || request->cols > UINT16_MAX || request->rows < 1 || request->rows > UINT16_MAX)
		return throw_invalid_arg(env, "spawn: pty size %ux%u is out of range (1 to 65535)", request->cols,
					 request->rows);
	request->pty = true;
	return pty;
}

static napi_value read_hostname(napi_env env, napi_value hostname, struct spawn_request *request)
{
	size_t length;

	if (!read_string(env, hostname, "spawn: hostname", &request->hostname))
		return NULL;
	length = strlen(request->hostname);
	if (length < 1 || length > HOST_NAME_MAX)
		return throw_invalid_arg(env, "spawn: hostname \"%s\" must be 1 to %d characters", request->hostname,
					 HOST_NAME_MAX);
	return hostname;
}

/* { directoryFd, sources: string[] (relative), targets: string[] (absolute) }, one target per source. */
static napi_value read_private_dirs(napi_env env, napi_value dirs, struct spawn_request *request)
{
	napi_value fd, sources, targets;
	uint32_t fd_number, target_count = 0;

	if (!request->ip_netns_exec_mounts)
		return throw_invalid_arg(env, "spawn: privateDirs needs ipNetnsExecMounts (a mount namespace)");
	if (!read_property(env, dirs, "directoryFd", &fd) || !read_property(env, dirs, "sources", &sources) ||
	    !read_property(env, dirs, "targets", &targets))
		return NULL;
	if (!fd || !sources || !targets)
		return throw_invalid_arg(env, "spawn: privateDirs needs directoryFd, sources and targets");
	if (!read_uint32(env, fd, "spawn: privateDirs.directoryFd", &fd_number) || fd_number > INT32_MAX ||
	    !read_string_array(env, sources, "spawn: privateDirs.sources", &request->mount_sources,
			       &request->mount_count) ||
	    !read_string_array(env, targets, "spawn: privateDirs.targets", &request->mount_targets, &target_count))
		return NULL;
	request->directory_fd = (int32_t)fd_number;
	if (target_count != request->mount_count)
		return throw_invalid_arg(env, "spawn: privateDirs has %u sources but %u targets", request->mount_count,
					 target_count);
	for (uint32_t i = 0; i < target_count; i++)
		if (request->mount_targets[i][0] != '/' || request->mount_targets[i][1] == '\0')
			return throw_invalid_arg(env, "spawn: privateDirs.targets[%u] \"%s\" must be an absolute path below /",
						 i, request->mount_targets[i]);
	return dirs;
}

/*
 * Reads options { netns, argv, env: string[] ("K=V"), cwd?, uid, gid, groups, pty?, ipNetnsExecMounts?,
 * hostname?, privateDirs? }.
 */
static napi_value read_request(napi_env env, napi_value options, struct spawn_request *request)
{
	napi_value netns, argv, envp, cwd, uid, gid, groups, pty, hostname, private_dirs;

	if (!read_optional_bool(env, options, "ipNetnsExecMounts", &request->ip_netns_exec_mounts) ||
	    !read_property(env, options, "hostname", &hostname) ||
	    !read_property(env, options, "privateDirs", &private_dirs))
		return NULL;
	if ((hostname && !read_hostname(env, hostname, request)) ||
	    (private_dirs && !read_private_dirs(env, private_dirs, request)))
		return NULL;
	if (!read_property(env, options, "netns", &netns) || !read_property(env, options, "argv", &argv) ||
	    !read_property(env, options, "env", &envp) || !read_property(env, options, "cwd", &cwd) ||
	    !read_property(env, options, "uid", &uid) || !read_property(env, options, "gid", &gid) ||
	    !read_property(env, options, "groups", &groups) || !read_property(env, options, "pty", &pty))
		return NULL;
	if (!netns || !argv || !envp || !uid || !gid || !groups)
		return throw_invalid_arg(env, "spawn: netns, argv, env, uid, gid and groups are required");
	if (!read_string(env, netns, "spawn: netns", &request->netns) ||
	    !netns_check_name(env, request->netns, "spawn: netns") ||
	    !read_string_array(env, argv, "spawn: argv", &request->argv, &request->argc) ||
	    !read_string_array(env, envp, "spawn: env", &request->envp, &request->envc) ||
	    (cwd && !read_string(env, cwd, "spawn: cwd", &request->cwd)) ||
	    !read_uint32(env, uid, "spawn: uid", &request->uid) || !read_uint32(env, gid, "spawn: gid", &request->gid) ||
	    !read_uint32_array(env, groups, "spawn: groups", MAX_GROUPS, &request->groups, &request->group_count) || (pty && !read_pty_size(env, pty, request)))
		return NULL;
	if (request->argc == 0 || request->argv[0][0] == '\0')
		return throw_invalid_arg(env, "spawn: argv must name a program");
	if (request->uid == UINT32_MAX || request->gid == UINT32_MAX)
		return throw_invalid_arg(env, "spawn: uid and gid must not be -1");
	return options;
}

/*
 * The candidates execvpe() would try, but from the child's own PATH (glibc's
 * execvpe searches the parent's). Built before fork(): the child may not malloc.
 */
static char **exec_paths(const struct spawn_request *request)
{
	const char *program = request->argv[0];
	const char *search = "/bin:/usr/bin"; /* glibc's default when PATH is unset */
	size_t program_length = strlen(program);
	size_t count = 1;
	char **paths;

	if (strchr(program, '/')) {
		paths = calloc(2, sizeof(*paths));
		if (paths)
			paths[0] = strdup(program);
		return paths && paths[0] ? paths : (free(paths), NULL);
	}
	for (uint32_t i = 0; i < request->envc; i++)
		if (strncmp(request->envp[i], "PATH=", 5) == 0)
			search = request->envp[i] + 5;
	for (const char *c = search; *c; c++)
		count += *c == ':';
	paths = calloc(count + 1, sizeof(*paths));
	if (!paths)
		return NULL;
	count = 0;
	for (const char *dir = search; dir;) {
		const char *end = strchr(dir, ':');
		size_t dir_length = end ? (size_t)(end - dir) : strlen(dir);

		if (dir_length > 0) { /* an empty entry would mean the current directory: not honoured */
			char *path = malloc(dir_length + 1 + program_length + 1);

			if (!path) {
				free_string_array(paths, count);
				return NULL;
			}
			memcpy(path, dir, dir_length);
			path[dir_length] = '/';
			memcpy(path + dir_length + 1, program, program_length + 1);
			paths[count++] = path;
		}
		dir = end ? end + 1 : NULL;
	}
	return paths;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* What only the child needs; the parent drops it once the child has exec'ed (or failed). */
static void close_child_side(struct spawn_fds *fds)
{
	close_fd(&fds->nsfd);
	for (int i = 2; i >= 0; i--) {
		if (i > 0 && fds->child_stdio[i] == fds->child_stdio[0])
			fds->child_stdio[i] = -1; /* the pty slave fills all three slots: close it once */
		else
			close_fd(&fds->child_stdio[i]);
	}
	close_fd(&fds->report[0]);
	close_fd(&fds->report[1]);
}

static void close_parent_side(struct spawn_fds *fds)
{
	close_fd(&fds->pty_master);
	for (int i = 0; i < 3; i++)
		close_fd(&fds->parent_stdio[i]);
}

/* Moves fd to a number >= 3, so installing stdio with dup2() cannot clobber another descriptor. */
static int above_stdio(int fd)
{
	int moved;

	if (fd < 0 || fd > 2)
		return fd;
	moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return moved;
}

static int open_pty(const struct spawn_request *request, struct spawn_fds *fds, struct failure *failure)
{
	struct winsize size = { .ws_row = (unsigned short)request->rows, .ws_col = (unsigned short)request->cols };
	struct termios modes;
	char slave_path[64];
	int slave;

	fds->pty_master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fds->pty_master < 0) {
		failure_set(failure, errno, "opening a pty");
		return -1;
	}
	if (grantpt(fds->pty_master) < 0 || unlockpt(fds->pty_master) < 0 ||
	    ptsname_r(fds->pty_master, slave_path, sizeof(slave_path)) != 0) {
		failure_set(failure, errno, "preparing the pty");
		return -1;
	}
	slave = above_stdio(open(slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC));
	if (slave < 0) {
		failure_set(failure, errno, "opening %s", slave_path);
		return -1;
	}
	fds->child_stdio[0] = fds->child_stdio[1] = fds->child_stdio[2] = slave;
	/* As login(1) does: the user owns their terminal. */
	if (fchown(slave, request->uid, (gid_t)-1) < 0 || fchmod(slave, 0620) < 0 ||
	    ioctl(fds->pty_master, TIOCSWINSZ, &size) < 0) {
		failure_set(failure, errno, "setting up %s", slave_path);
		return -1;
	}
	if (tcgetattr(slave, &modes) == 0) {
		modes.c_iflag |= IUTF8;
		tcsetattr(slave, TCSANOW, &modes);
	}
	return 0;
}

static int open_pipes(struct spawn_fds *fds, struct failure *failure)
{
	static const char *const names[] = { "stdin", "stdout", "stderr" };

	for (int i = 0; i < 3; i++) {
		int ends[2];

		if (pipe2(ends, O_CLOEXEC) < 0) {
			failure_set(failure, errno, "creating the %s pipe", names[i]);
			return -1;
		}
		/* stdin: the child reads; stdout/stderr: the child writes. */
		fds->child_stdio[i] = above_stdio(ends[i == 0 ? 0 : 1]);
		fds->parent_stdio[i] = ends[i == 0 ? 1 : 0];
		if (fds->child_stdio[i] < 0) {
			failure_set(failure, errno, "creating the %s pipe", names[i]);
			return -1;
		}
	}
	return 0;
}

static int open_fds(const struct spawn_request *request, struct spawn_fds *fds, struct failure *failure)
{
	fds->nsfd = netns_open(request->netns, failure);
	if (fds->nsfd < 0)
		return -1;
	if (pipe2(fds->report, O_CLOEXEC) < 0) {
		failure_set(failure, errno, "creating the exec report pipe");
		return -1;
	}
	return request->pty ? open_pty(request, fds, failure) : open_pipes(fds, failure);
}

/* Blocks until the child execs (EOF) or reports why it could not; true if it reported. */
static bool read_report(int fd, struct spawn_report *report)
{
	ssize_t got;

	do
		got = read(fd, report, sizeof(*report));
	while (got < 0 && errno == EINTR);
	return got == (ssize_t)sizeof(*report);
}

static void describe_private_dir_failure(const struct spawn_request *request, const struct spawn_report *report,
					struct failure *failure)
{
	char what[FAILURE_MESSAGE_MAX / 2];

	snprintf(what, sizeof(what), "spawn \"%s\" in namespace \"%s\": mounting the host's own %s", request->argv[0],
		 request->netns, request->mount_targets[report->index]);
	hostdirs_describe(failure, report->err, what, request->mount_targets[report->index]);
}

static void describe_child_failure(const struct spawn_request *request, const struct spawn_report *report,
				   struct failure *failure)
{
	if (report->stage == SPAWN_STAGE_CHDIR)
		failure_set(failure, report->err, "spawn \"%s\" in namespace \"%s\": chdir %s", request->argv[0],
			    request->netns, request->cwd);
	else if (report->stage == SPAWN_STAGE_PRIVATE_DIR && report->index >= 0 &&
		 (uint32_t)report->index < request->mount_count)
		describe_private_dir_failure(request, report, failure);
	else if (report->stage == SPAWN_STAGE_SETUID || report->stage == SPAWN_STAGE_VERIFY_IDS)
		failure_set(failure, report->err, "spawn \"%s\" in namespace \"%s\": %s (uid %u)", request->argv[0],
			    request->netns, spawn_stage_name(report->stage), request->uid);
	else
		failure_set(failure, report->err, "spawn \"%s\" in namespace \"%s\": %s", request->argv[0],
			    request->netns, spawn_stage_name(report->stage));
}

/* fork + exec; returns the pid of a child that has exec'ed, or -1 with failure filled and the child reaped. */
static pid_t fork_child(const struct spawn_request *request, struct spawn_fds *fds,
			const struct etc_bindings *bindings, const struct private_trees *trees, struct failure *failure)
{
	struct spawn_plan plan = {
		.nsfd = fds->nsfd,
		.argv = request->argv,
		.envp = request->envp,
		.cwd = request->cwd,
		.uid = request->uid,
		.gid = request->gid,
		.groups = request->groups,
		.group_count = request->group_count,
		.ip_netns_exec_mounts = request->ip_netns_exec_mounts,
		.sysfs_flags = sysfs_flags(),
		.netns_name = request->netns,
		.etc_sources = bindings->sources,
		.etc_targets = bindings->targets,
		.trees = trees->fds,
		.tree_targets = request->mount_targets,
		.tree_count = trees->count,
		.hostname = request->hostname,
		.pty = request->pty,
		.stdio = { fds->child_stdio[0], fds->child_stdio[1], fds->child_stdio[2] },
		.report_fd = fds->report[1],
		.parent = getpid(),
	};
	struct spawn_report report;
	pid_t pid;

	plan.exec_paths = exec_paths(request);
	if (!plan.exec_paths) {
		failure_set(failure, ENOMEM, "spawn \"%s\"", request->argv[0]);
		return -1;
	}
	pid = fork();
	if (pid == 0)
		spawn_child_run(&plan);
	for (char **path = plan.exec_paths; *path; path++)
		free(*path);
	free(plan.exec_paths);
	if (pid < 0) {
		failure_set(failure, errno, "spawn \"%s\" in namespace \"%s\": fork", request->argv[0], request->netns);
		return -1;
	}
	close_fd(&fds->report[1]);
	if (!read_report(fds->report[0], &report))
		return pid;
	describe_child_failure(request, &report, failure);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return -1;
}

static void private_trees_close(struct private_trees *trees)
{
	for (uint32_t i = 0; i < trees->count; i++)
		close(trees->fds[i]);
	free(trees->fds);
}

/* Opens each source beneath the directory without following links, then clones it as a detached mount. */
static int open_private_trees(const struct spawn_request *request, struct private_trees *trees,
			      struct failure *failure)
{
	trees->fds = calloc(request->mount_count + 1, sizeof(*trees->fds));
	if (!trees->fds) {
		failure_set(failure, ENOMEM, "spawn: privateDirs");
		return -1;
	}
	for (uint32_t i = 0; i < request->mount_count; i++) {
		const char *source = request->mount_sources[i];
		int dir = hostdirs_open_beneath(request->directory_fd, source, O_PATH | O_DIRECTORY);
		int tree = dir < 0 ? -1 : open_tree(dir, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH);

		if (tree < 0) {
			hostdirs_describe(failure, errno, "host directory", source);
			if (dir >= 0)
				close(dir);
			return -1;
		}
		close(dir);
		trees->fds[trees->count++] = tree;
	}
	return 0;
}

static pid_t start_child(const struct spawn_request *request, struct spawn_fds *fds, struct failure *failure)
{
	struct etc_bindings bindings = { 0 };
	struct private_trees trees = { 0 };
	pid_t pid = -1;

	if ((!request->ip_netns_exec_mounts || list_etc_bindings(request->netns, &bindings, failure) == 0) &&
	    open_private_trees(request, &trees, failure) == 0)
		pid = fork_child(request, fds, &bindings, &trees, failure);
	private_trees_close(&trees);
	etc_bindings_free(&bindings);
	return pid;
}

static napi_value set_fd(napi_env env, napi_value object, const char *key, int fd)
{
	return fd < 0 ? object : set_number(env, object, key, fd);
}

static napi_value describe_child(napi_env env, pid_t pid, napi_value watch_handle, const struct spawn_fds *fds)
{
	napi_value child;

	NAPI_CALL(env, napi_create_object(env, &child));
	NAPI_CALL(env, napi_set_named_property(env, child, "handle", watch_handle));
	if (!set_number(env, child, "pid", pid) || !set_fd(env, child, "ptyFd", fds->pty_master) ||
	    !set_fd(env, child, "stdinFd", fds->parent_stdio[0]) ||
	    !set_fd(env, child, "stdoutFd", fds->parent_stdio[1]) ||
	    !set_fd(env, child, "stderrFd", fds->parent_stdio[2]))
		return NULL;
	return child;
}

napi_value spawn_process(napi_env env, napi_callback_info info)
{
	size_t argc = 2;
	napi_value argv[2], watch_handle, child = NULL;
	napi_valuetype on_exit_type;
	struct spawn_request request = { .directory_fd = -1 };
	struct spawn_fds fds = { -1, -1, { -1, -1, -1 }, { -1, -1, -1 }, { -1, -1 } };
	struct failure failure = { 0 };
	pid_t pid;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 2 || napi_typeof(env, argv[1], &on_exit_type) != napi_ok || on_exit_type != napi_function)
		return throw_invalid_arg(env, "spawn(options, onExit) needs an options object and a function");
	if (!read_request(env, argv[0], &request))
		goto out;
	if (open_fds(&request, &fds, &failure) < 0) {
		throw_failure(env, &failure);
		goto out;
	}
	pid = start_child(&request, &fds, &failure);
	if (pid < 0) {
		throw_failure(env, &failure);
		goto out;
	}
	close_child_side(&fds);
	watch_handle = child_watch_start(env, pid, argv[1]);
	if (!watch_handle) { /* cannot report its exit: do not leave it running unwatched */
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		goto out;
	}
	child = describe_child(env, pid, watch_handle, &fds);
out:
	close_child_side(&fds);
	if (!child)
		close_parent_side(&fds);
	request_free(&request);
	return child;
}

napi_value spawn_resize_pty(napi_env env, napi_callback_info info)
{
	size_t argc = 3;
	napi_value argv[3], undefined;
	uint32_t fd, cols, rows;
	struct winsize size = { 0 };
	struct failure failure = { 0 };

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 3 || !read_uint32(env, argv[0], "resize: fd", &fd) || !read_uint32(env, argv[1], "resize: cols", &cols) ||
	    !read_uint32(env, argv[2], "resize: rows", &rows))
		return argc < 3 ? throw_invalid_arg(env, "resizePty(fd, cols, rows) needs three arguments") : NULL;
	if (cols < 1 || cols > UINT16_MAX || rows < 1 || rows > UINT16_MAX)
		return throw_invalid_arg(env, "resize: %ux%u is out of range (1 to 65535)", cols, rows);
	size.ws_col = (unsigned short)cols;
	size.ws_row = (unsigned short)rows;
	if (ioctl((int)fd, TIOCSWINSZ, &size) < 0) {
		failure_set(&failure, errno, "resizing the pty to %ux%u", cols, rows);
		return throw_failure(env, &failure);
	}
	NAPI_CALL(env, napi_get_undefined(env, &undefined));
	return undefined;
}
