#include "hostdirs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAX_DIRECTORIES 1000000
/* Deeper trees are refused rather than followed: each level holds two descriptors. */
#define MAX_EMPTY_DEPTH 256

struct directory {
	char *path;    /* relative, '/'-separated */
	mode_t mode;
	char *content; /* writeFiles: the file's whole text; NULL for a directory */
};

enum make_op { MAKE_DIRECTORIES, EMPTY_DIRECTORIES, WRITE_FILES };

struct make_job {
	struct job job; /* first: the job helpers cast back */
	int dirfd;      /* a duplicate, so the caller may close theirs at once */
	char *where;    /* how messages name dirfd */
	struct directory *directories;
	uint32_t count;
	uid_t uid;
	gid_t gid;
	enum make_op op;
};

int hostdirs_open_beneath(int dirfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS,
	};

	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

void hostdirs_describe(struct failure *failure, int err, const char *what, const char *path)
{
	if (err == ELOOP)
		failure_set(failure, err, "%s: %s is or passes through a symbolic link, which is never followed here",
			    what, path);
	else if (err == EXDEV)
		failure_set(failure, err, "%s: %s leads outside its directory", what, path);
	else
		failure_set(failure, err, "%s: %s", what, path);
}

/*
 * Opens name beneath parent, making it first if absent. A directory made
 * here (as root, 0700 until then) is handed to uid:gid with mode 0755; one
 * that was there must already be theirs, so a directory of someone else's
 * moved into place is refused.
 */
static int make_one(int parent, const char *name, const char *shown, uid_t uid, gid_t gid, struct failure *failure)
{
	bool made = mkdirat(parent, name, 0700) == 0;
	struct stat st;
	int fd;

	if (!made && errno != EEXIST) {
		failure_set(failure, errno, "creating %s", shown);
		return -1;
	}
	fd = hostdirs_open_beneath(parent, name, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		hostdirs_describe(failure, errno, "opening", shown);
		return -1;
	}
	if (made ? fchown(fd, uid, gid) < 0 || fchmod(fd, 0755) < 0 : fstat(fd, &st) < 0) {
		failure_set(failure, errno, "%s %s", made ? "handing over" : "checking", shown);
	} else if (!made && st.st_uid != uid) {
		failure_set(failure, EPERM, "%s belongs to uid %u, not to the invoking user (uid %u)", shown,
			    (unsigned)st.st_uid, (unsigned)uid);
	} else {
		return fd;
	}
	close(fd);
	return -1;
}

/* fchmod only when the mode differs: a directory made before keeps its inode untouched (no journal write). */
static int set_mode(int fd, mode_t mode)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -1;
	return (st.st_mode & 07777) == mode ? 0 : fchmod(fd, mode);
}

/* Opens where/path component by component (see make_one); the last gets exactly mode. */
static int make_path(int dirfd, const char *where, const char *path, mode_t mode, uid_t uid, gid_t gid,
		     struct failure *failure)
{
	char shown[PATH_MAX], name[NAME_MAX + 1];
	const char *component = path;
	int parent = dirfd, fd = -1;

	while (*component) {
		size_t length = strcspn(component, "/");

		if (length == 0 || length > NAME_MAX) {
			failure_set(failure, EINVAL, "%s/%s: empty or overlong path component", where, path);
			if (parent != dirfd)
				close(parent);
			return -1;
		}
		memcpy(name, component, length);
		name[length] = '\0';
		snprintf(shown, sizeof(shown), "%s/%.*s", where, (int)(component - path + length), path);
		fd = make_one(parent, name, shown, uid, gid, failure);
		if (parent != dirfd)
			close(parent);
		if (fd < 0)
			return -1;
		parent = fd;
		component += length + (component[length] == '/');
	}
	if (fd >= 0 && set_mode(fd, mode) < 0) {
		failure_set(failure, errno, "chmod %s", shown);
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Removes everything inside dirfd, descending without following any link; the directory itself stays. */
static int empty_fd(int dirfd, const char *shown, unsigned depth, struct failure *failure)
{
	int copy = fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
	DIR *listing = copy < 0 ? NULL : fdopendir(copy);
	struct dirent *entry;

	if (!listing) {
		failure_set(failure, errno, "emptying %s", shown);
		if (copy >= 0)
			close(copy);
		return -1;
	}
	while (!failure->err && (entry = readdir(listing))) {
		const char *name = entry->d_name;
		int child;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || unlinkat(dirfd, name, 0) == 0)
			continue;
		if (errno != EISDIR) {
			failure_set(failure, errno, "emptying %s: removing %s", shown, name);
		} else if (depth >= MAX_EMPTY_DEPTH) {
			failure_set(failure, ELOOP, "emptying %s: more than %d levels of directories", shown,
				    MAX_EMPTY_DEPTH);
		} else if ((child = hostdirs_open_beneath(dirfd, name, O_RDONLY | O_DIRECTORY)) < 0) {
			hostdirs_describe(failure, errno, "emptying", shown);
		} else {
			if (empty_fd(child, shown, depth + 1, failure) == 0 && unlinkat(dirfd, name, AT_REMOVEDIR) < 0)
				failure_set(failure, errno, "emptying %s: removing %s", shown, name);
			close(child);
		}
	}
	closedir(listing);
	return failure->err ? -1 : 0;
}

/* Empties where/path if it is there (a missing one is already empty). */
static void empty_path(int dirfd, const char *where, const char *path, struct failure *failure)
{
	char shown[PATH_MAX];
	int fd = hostdirs_open_beneath(dirfd, path, O_RDONLY | O_DIRECTORY);

	snprintf(shown, sizeof(shown), "%s/%s", where, path);
	if (fd < 0) {
		if (errno != ENOENT)
			hostdirs_describe(failure, errno, "emptying", shown);
		return;
	}
	empty_fd(fd, shown, 0, failure);
	close(fd);
}

/*
 * Opens name beneath parent for writing: made here (then handed to uid:gid), or one that was there,
 * which must be a plain file of uid's with one link, so neither a link nor someone else's file
 * (a hard link to one included) is ever written through. Truncated only once that holds.
 */
static int open_file(int parent, const char *name, const char *shown, uid_t uid, gid_t gid, struct failure *failure)
{
	int fd = hostdirs_open_beneath(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW);
	bool made = fd >= 0;
	struct stat st;

	if (!made && errno == EEXIST)
		fd = hostdirs_open_beneath(parent, name, O_WRONLY | O_NOFOLLOW);
	if (fd < 0) {
		hostdirs_describe(failure, errno, "writing", shown);
		return -1;
	}
	if (made ? fchown(fd, uid, gid) < 0 : fstat(fd, &st) < 0)
		failure_set(failure, errno, "%s %s", made ? "handing over" : "checking", shown);
	else if (!made && (!S_ISREG(st.st_mode) || st.st_nlink != 1 || st.st_uid != uid))
		failure_set(failure, EPERM, "%s is not a plain file of the invoking user's (uid %u) with one link",
			    shown, (unsigned)uid);
	else if (!made && ftruncate(fd, 0) < 0)
		failure_set(failure, errno, "truncating %s", shown);
	else
		return fd;
	close(fd);
	return -1;
}

/* Writes where/path (its missing parents made as directories are) with exactly file->mode. */
static void write_file(const struct make_job *make, const struct directory *file, struct failure *failure)
{
	char *slash = strrchr(file->path, '/'), shown[PATH_MAX];
	const char *name = slash ? slash + 1 : file->path;
	size_t left = strlen(file->content);
	const char *next = file->content;
	int parent = make->dirfd, fd;

	snprintf(shown, sizeof(shown), "%s/%s", make->where, file->path);
	if (slash) {
		*slash = '\0';
		parent = make_path(make->dirfd, make->where, file->path, 0755, make->uid, make->gid, failure);
		*slash = '/';
		if (parent < 0)
			return;
	}
	fd = open_file(parent, name, shown, make->uid, make->gid, failure);
	if (parent != make->dirfd)
		close(parent);
	if (fd < 0)
		return;
	while (left > 0) {
		ssize_t written = write(fd, next, left);

		if (written < 0 && errno == EINTR)
			continue;
		if (written < 0) {
			failure_set(failure, errno, "writing %s", shown);
			break;
		}
		next += written;
		left -= (size_t)written;
	}
	if (!failure->err && fchmod(fd, file->mode) < 0)
		failure_set(failure, errno, "chmod %s", shown);
	close(fd);
}

static void make_run(struct job *job)
{
	struct make_job *make = (struct make_job *)job;

	for (uint32_t i = 0; i < make->count && !job->failure.err; i++) {
		const struct directory *directory = &make->directories[i];
		int fd;

		if (make->op == EMPTY_DIRECTORIES) {
			empty_path(make->dirfd, make->where, directory->path, &job->failure);
			continue;
		}
		if (make->op == WRITE_FILES) {
			write_file(make, directory, &job->failure);
			continue;
		}
		fd = make_path(make->dirfd, make->where, directory->path, directory->mode, make->uid, make->gid,
			       &job->failure);
		if (fd >= 0)
			close(fd);
	}
}

static void make_release(struct job *job)
{
	struct make_job *make = (struct make_job *)job;

	for (uint32_t i = 0; i < make->count; i++) {
		free(make->directories[i].path);
		free(make->directories[i].content);
	}
	free(make->directories);
	free(make->where);
	if (make->dirfd >= 0)
		close(make->dirfd);
	free(make);
}

static napi_value read_owner(napi_env env, napi_value uid, napi_value gid, uid_t *uid_out, gid_t *gid_out)
{
	uint32_t u, g;

	if (!read_uint32(env, uid, "uid", &u) || !read_uint32(env, gid, "gid", &g))
		return NULL;
	if (u == UINT32_MAX || g == UINT32_MAX)
		return throw_invalid_arg(env, "uid and gid must not be -1");
	*uid_out = u;
	*gid_out = g;
	return uid;
}

/* One { path, mode } (and, for writeFiles, content) of the list named list. */
static napi_value read_directory(napi_env env, napi_value entry, const char *list, uint32_t i, bool file,
				 struct directory *directory)
{
	napi_value path, mode, content = NULL;
	uint32_t bits;
	char what[64];

	snprintf(what, sizeof(what), "%s[%u]", list, i);
	if (!read_property(env, entry, "path", &path) || !read_property(env, entry, "mode", &mode) ||
	    (file && !read_property(env, entry, "content", &content)))
		return NULL;
	if (!path || !mode || (file && !content))
		return throw_invalid_arg(env, "%s needs a path, a mode%s", what, file ? " and a content" : "");
	if (!read_uint32(env, mode, what, &bits) || !read_string(env, path, what, &directory->path) ||
	    (file && !read_string(env, content, what, &directory->content)))
		return NULL;
	if (bits > 07777)
		return throw_invalid_arg(env, "%s: mode %o has bits beyond 07777", what, bits);
	if (directory->path[0] == '\0' || directory->path[0] == '/')
		return throw_invalid_arg(env, "%s: \"%s\" must be a relative path", what, directory->path);
	directory->mode = bits;
	return entry;
}

static napi_value read_directories(napi_env env, napi_value list, struct make_job *make)
{
	bool is_array, file = make->op == WRITE_FILES;
	const char *name = file ? "files" : "directories";
	uint32_t length;
	napi_value entry;

	NAPI_CALL(env, napi_is_array(env, list, &is_array));
	if (!is_array)
		return throw_invalid_arg(env, "%s must be an array of { path, mode%s }", name, file ? ", content" : "");
	NAPI_CALL(env, napi_get_array_length(env, list, &length));
	if (length > MAX_DIRECTORIES)
		return throw_invalid_arg(env, "%s: at most %u, got %u", name, MAX_DIRECTORIES, length);
	make->directories = calloc((size_t)length + 1, sizeof(*make->directories));
	if (!make->directories)
		return throw_no_memory(env, "%s", name);
	for (uint32_t i = 0; i < length; i++) {
		NAPI_CALL(env, napi_get_element(env, list, i, &entry));
		make->count = i + 1; /* so release frees a partly read entry */
		if (!read_directory(env, entry, name, i, file, &make->directories[i]))
			return NULL;
	}
	return list;
}

/* emptyDirectories' plain list of relative paths, as directories without a mode. */
static napi_value read_paths(napi_env env, napi_value list, struct make_job *make)
{
	char **paths;
	uint32_t count;

	if (!read_string_array(env, list, "paths", &paths, &count))
		return NULL;
	make->directories = calloc((size_t)count + 1, sizeof(*make->directories));
	if (!make->directories) {
		free_string_array(paths, count);
		return throw_no_memory(env, "paths");
	}
	for (make->count = 0; make->count < count; make->count++)
		make->directories[make->count].path = paths[make->count];
	free(paths);
	for (uint32_t i = 0; i < count; i++)
		if (make->directories[i].path[0] == '\0' || make->directories[i].path[0] == '/')
			return throw_invalid_arg(env, "paths[%u]: \"%s\" must be a relative path", i,
						 make->directories[i].path);
	return list;
}

/* The JS names of the three operations, for messages and the async resource. */
static const char *const MAKE_NAMES[] = {
	[MAKE_DIRECTORIES] = "makeDirectories",
	[EMPTY_DIRECTORIES] = "emptyDirectories",
	[WRITE_FILES] = "writeFiles",
};

static napi_value start_make_job(napi_env env, napi_callback_info info, enum make_op op)
{
	bool empty = op == EMPTY_DIRECTORIES;
	size_t argc = 5;
	napi_value argv[5];
	uint32_t fd;
	struct make_job *make;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < (empty ? 3 : 5))
		return throw_invalid_arg(env, "%s(dirFd, where, %s) needs %s arguments", MAKE_NAMES[op],
					 empty ? "paths" : "list, uid, gid", empty ? "three" : "five");
	make = calloc(1, sizeof(*make));
	if (!make)
		return throw_no_memory(env, "%s", MAKE_NAMES[op]);
	make->dirfd = -1;
	make->op = op;
	if (!read_uint32(env, argv[0], "dirFd", &fd) || !read_string(env, argv[1], "where", &make->where) ||
	    !(empty ? read_paths(env, argv[2], make) : read_directories(env, argv[2], make)) ||
	    (!empty && !read_owner(env, argv[3], argv[4], &make->uid, &make->gid))) {
		make_release(&make->job);
		return NULL;
	}
	make->dirfd = fcntl((int)fd, F_DUPFD_CLOEXEC, 3);
	if (make->dirfd < 0) {
		struct failure failure = { 0 };

		failure_set(&failure, errno, "%s: descriptor %u of %s", MAKE_NAMES[op], fd, make->where);
		make_release(&make->job);
		return throw_failure(env, &failure);
	}
	make->job.run = make_run;
	make->job.release = make_release;
	return job_start(env, &make->job, MAKE_NAMES[op]);
}

napi_value hostdirs_make(napi_env env, napi_callback_info info)
{
	return start_make_job(env, info, MAKE_DIRECTORIES);
}

napi_value hostdirs_empty(napi_env env, napi_callback_info info)
{
	return start_make_job(env, info, EMPTY_DIRECTORIES);
}

napi_value hostdirs_write_files(napi_env env, napi_callback_info info)
{
	return start_make_job(env, info, WRITE_FILES);
}

/* Locked for as long as the descriptor is open: two running networks never share a directory. */
static int lock_directory(int fd, const char *trusted, const char *path, struct failure *failure)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno == EWOULDBLOCK)
		failure_set(failure, EBUSY, "%s/%s is the directory of another running network", trusted, path);
	else
		failure_set(failure, errno, "locking %s/%s", trusted, path);
	return -1;
}

napi_value hostdirs_open_owned(napi_env env, napi_callback_info info)
{
	size_t argc = 4;
	napi_value argv[4], result = NULL;
	char *trusted = NULL, *path = NULL;
	struct failure failure = { 0 };
	uid_t uid = 0;
	gid_t gid = 0;
	int trusted_fd, fd = -1;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 4)
		return throw_invalid_arg(env, "openOwnedDirectory(trusted, path, uid, gid) needs four arguments");
	if (!read_string(env, argv[0], "trusted", &trusted) || !read_string(env, argv[1], "path", &path) ||
	    !read_owner(env, argv[2], argv[3], &uid, &gid))
		goto out;
	if (trusted[0] != '/' || path[0] == '\0' || path[0] == '/') {
		throw_invalid_arg(env, "openOwnedDirectory: \"%s\" must be absolute and \"%s\" relative", trusted, path);
		goto out;
	}
	/* Only root can change the trusted directory's own path (e.g. a home directory in /home). */
	trusted_fd = open(trusted, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (trusted_fd < 0) {
		failure_set(&failure, errno, "opening %s", trusted);
	} else {
		fd = make_path(trusted_fd, trusted, path, 0755, uid, gid, &failure);
		close(trusted_fd);
	}
	if (fd >= 0 && lock_directory(fd, trusted, path, &failure) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		throw_failure(env, &failure);
	} else if (napi_create_uint32(env, (uint32_t)fd, &result) != napi_ok) {
		close(fd);
		throw_napi_failure(env, "napi_create_uint32", napi_generic_failure);
	}
out:
	free(trusted);
	free(path);
	return result;
}
