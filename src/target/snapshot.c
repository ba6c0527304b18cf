// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `klpcheck snapshot -o DIR`: copies what --live reads into DIR (layout in docs/target.md).
 * Every write goes through a descriptor of DIR with O_EXCL|O_NOFOLLOW, so nothing is written
 * outside it, and nothing already there is overwritten.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "internal.h"

static int write_file(int dirfd, const char *name, const char *shown, const void *buf,
		      size_t len, struct errbuf *err)
{
	const char *p = buf;
	int fd, ret = 0;

	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return err_set(err, -errno, "%s: %s", shown, strerror(errno));
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = err_set(err, n < 0 ? -errno : -EIO, "%s: %s", shown,
				      n < 0 ? strerror(errno) : "short write");
			break;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) < 0 && !ret)
		ret = err_set(err, -errno, "%s: %s", shown, strerror(errno));
	return ret;
}

/* Copies the file at path into dirfd/name. -ENOENT/-EACCES are left for the caller to judge. */
static int copy_file(const char *path, size_t max, int dirfd, const char *name, const char *outdir,
		     struct errbuf *err)
{
	struct tgt_file f = { AT_FDCWD, path, path, false };
	char *buf, *shown;
	size_t len;
	int ret;

	ret = tgt_read_file(&f, max, &buf, &len, err);
	if (ret)
		return ret;
	shown = xasprintf("%s/%s", outdir, name);
	ret = write_file(dirfd, name, shown, buf, len, err);
	free(shown);
	free(buf);
	return ret;
}

struct copy {
	size_t entries;
	size_t files;
	struct errbuf *err;
};

/*
 * Copies a livepatch tree, three levels deep at most (patch/object/function). Unreadable
 * attributes (force, signal: write-only) are saved as empty files: their presence is what
 * tells the kernel era.
 */
static int copy_tree(struct copy *c, int srcfd, const char *src, int dstfd, const char *dst,
		     int depth)
{
	struct dirent *de;
	int fd = dup(srcfd), ret = 0;
	DIR *d;

	if (fd < 0)
		return err_set(c->err, -errno, "%s: %s", src, strerror(errno));
	d = fdopendir(fd);
	if (!d) {
		ret = err_set(c->err, -errno, "%s: %s", src, strerror(errno));
		close(fd);
		return ret;
	}
	while (!ret && (errno = 0, de = readdir(d))) {
		char *s, *o;
		struct stat st;

		if (!tgt_name_is_safe(de->d_name))
			continue;
		if (++c->entries > TGT_MAX_SYSFS_ENTRIES) {
			ret = err_set(c->err, -E2BIG, "%s: more than %lu entries", src,
				      (unsigned long)TGT_MAX_SYSFS_ENTRIES);
			break;
		}
		s = xasprintf("%s/%s", src, de->d_name);
		o = xasprintf("%s/%s", dst, de->d_name);
		if (fstatat(srcfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			ret = err_set(c->err, -errno, "%s: %s", s, strerror(errno));
		} else if (S_ISDIR(st.st_mode) && depth >= 3) {
			/* A function directory: its name is all it says. */
			if (mkdirat(dstfd, de->d_name, 0755) < 0)
				ret = err_set(c->err, -errno, "%s: %s", o, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			int sfd = openat(srcfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			int dfd = -1;

			if (sfd < 0)
				ret = err_set(c->err, -errno, "%s: %s", s, strerror(errno));
			else if (mkdirat(dstfd, de->d_name, 0755) < 0)
				ret = err_set(c->err, -errno, "%s: %s", o, strerror(errno));
			else if ((dfd = openat(dstfd, de->d_name,
					       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
				ret = err_set(c->err, -errno, "%s: %s", o, strerror(errno));
			else
				ret = copy_tree(c, sfd, s, dfd, o, depth + 1);
			if (sfd >= 0)
				close(sfd);
			if (dfd >= 0)
				close(dfd);
		} else if (S_ISREG(st.st_mode)) {
			struct tgt_file f = { srcfd, de->d_name, s, true };
			size_t len = 0;
			char *buf = NULL;

			ret = tgt_read_file(&f, TGT_MAX_ATTR, &buf, &len, c->err);
			if (ret == -EACCES || ret == -EPERM || ret == -EIO || ret == -EINVAL) {
				len = 0;
				ret = 0;
			}
			if (!ret)
				ret = write_file(dstfd, de->d_name, o, buf ? buf : "", len, c->err);
			if (!ret)
				c->files++;
			free(buf);
		}
		/* Links and other types do not occur in a livepatch tree: not copied. */
		free(s);
		free(o);
	}
	if (!ret && errno)
		ret = err_set(c->err, -errno, "%s: readdir failed: %s", src, strerror(errno));
	closedir(d);
	return ret;
}

static int open_outdir(const char *dir, int *fd, struct errbuf *err)
{
	struct dirent *de;
	bool empty = true;
	DIR *d;
	int dup_fd;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return err_set(err, -errno, "%s: %s", dir, strerror(errno));
	*fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0)
		return err_set(err, -errno, "%s: %s", dir,
			       errno == ELOOP ? "is a symbolic link, refused" : strerror(errno));
	dup_fd = dup(*fd);
	d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		close(*fd);
		return err_set(err, -EIO, "%s: cannot list", dir);
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = false;
	closedir(d);
	if (!empty) {
		close(*fd);
		return err_set(err, -EEXIST, "%s: not empty, refused (a snapshot goes into a new directory)",
			       dir);
	}
	return 0;
}

void tgt_snapshot_gaps_free(struct tgt_snapshot_gaps *g)
{
	free(g->config);
	free(g->ftrace);
	free(g->livepatch);
	free(g->struct_module);
	free(g->btf);
	memset(g, 0, sizeof(*g));
}

/* KLP111 needs sizeof(struct module), which only the host's own modules tell. */
static int write_struct_module(int fd, const char *root, const char *release,
			       struct tgt_snapshot_gaps *gaps, struct errbuf *err)
{
	char *dir = xasprintf("%s/lib/modules/%s/kernel", root, release), *from = NULL, *line;
	char *vermagic = NULL;
	uint64_t size = tgt_struct_module_in(dir, release, &from, &vermagic);
	int ret = 0;

	if (!size)
		gaps->struct_module = xstrdup(dir);
	if (size) {
		line = xasprintf("%llu\n", (unsigned long long)size);
		ret = write_file(fd, "struct_module_size", "struct_module_size", line, strlen(line), err);
		free(line);
	}
	/* KLP114 compares with the vermagic of the same module */
	if (!ret && vermagic && !strchr(vermagic, '\n')) {
		line = xasprintf("%s\n", vermagic);
		ret = write_file(fd, "vermagic", "vermagic", line, strlen(line), err);
		free(line);
	}
	free(vermagic);
	free(from);
	free(dir);
	return ret;
}

/* A file the snapshot may lack: absent or unreadable on the host is not an error. */
static int copy_optional(const char *root, const char *path, size_t max, int fd, const char *name,
			 const char *dir, struct errbuf *err)
{
	char *full = xasprintf("%s%s", root, path);
	int ret = copy_file(full, max, fd, name, dir, err);

	free(full);
	return ret == -ENOENT || ret == -EACCES || ret == -EPERM ? 0 : ret;
}

/*
 * What the module loader checks beyond symbols (KLP112-KLP116, KLP407): the loaded modules,
 * the built-in ones, the exports with their GPL flag and namespace, signature enforcement.
 */
static int write_loader_state(int fd, const char *root, const char *release, const char *dir,
			      struct errbuf *err)
{
	char *builtin = xasprintf("/lib/modules/%s/modules.builtin", release);
	char *symvers = xasprintf("/lib/modules/%s/build/Module.symvers", release);
	char *boot_symvers = xasprintf("/boot/symvers-%s.gz", release);
	char *full = xasprintf("%s%s", root, symvers);
	int ret;

	ret = copy_optional(root, "/proc/modules", TGT_MAX_SYMVERS, fd, "modules", dir, err);
	if (!ret)
		ret = copy_optional(root, builtin, TGT_MAX_SYMVERS, fd, "modules.builtin", dir, err);
	if (!ret)
		ret = copy_optional(root, "/sys/module/module/parameters/sig_enforce", TGT_MAX_SMALL,
				    fd, "sig_enforce", dir, err);
	if (!ret)
		ret = copy_optional(root, "/sys/kernel/security/lockdown", TGT_MAX_SMALL, fd,
				    "lockdown", dir, err);
	/* the kernel's own list of exports; kallsyms tells neither GPL-only nor namespace */
	if (!ret)
		ret = copy_optional(root, access(full, F_OK) == 0 ? symvers : boot_symvers,
				    TGT_MAX_SYMVERS, fd, "Module.symvers", dir, err);
	free(full);
	free(boot_symvers);
	free(symvers);
	free(builtin);
	return ret;
}

/* The kernel's BTF, for the layouts its structs have (KLP603); none is a gap, not an error. */
static int write_btf(int fd, const char *root, const char *dir, struct tgt_snapshot_gaps *gaps,
		     struct errbuf *err)
{
	char *path = xasprintf("%s/sys/kernel/btf/vmlinux", root);
	int ret = copy_file(path, TGT_MAX_BTF, fd, "btf", dir, err);

	if (ret == -ENOENT || ret == -EACCES || ret == -EPERM) {
		gaps->btf = xasprintf("%s: %s", path, strerror(-ret));
		ret = 0;
	}
	free(path);
	return ret;
}

int tgt_snapshot_write(const char *dir, const char *sysroot, struct tgt_snapshot_gaps *gaps,
		       struct errbuf *err)
{
	const char *root = sysroot && strcmp(sysroot, "/") ? sysroot : "";
	char *path, *release = NULL;
	struct copy c = { 0, 0, err };
	struct utsname u;
	struct stat st;
	int fd = -1, ret;

	ret = open_outdir(dir, &fd, err);
	if (ret)
		return ret;

	/* Release: /proc/sys/kernel/osrelease (uname(2) when no sysroot and it is unreadable). */
	path = xasprintf("%s/proc/sys/kernel/osrelease", root);
	ret = copy_file(path, TGT_MAX_SMALL, fd, "osrelease", dir, err);
	if (!ret) {
		struct tgt_file f = { AT_FDCWD, path, path, false };
		size_t len;

		if (tgt_read_file(&f, TGT_MAX_SMALL, &release, &len, err) == 0)
			release[strcspn(release, "\n")] = '\0';
	} else if (!*root && uname(&u) == 0) {
		char *line = xasprintf("%s\n", u.release);

		release = xstrdup(u.release);
		ret = write_file(fd, "osrelease", "osrelease", line, strlen(line), err);
		free(line);
	}
	free(path);
	if (ret)
		goto out;
	if (!*root && uname(&u) == 0) {
		char *line = xasprintf("%s\n", u.machine);

		ret = write_file(fd, "machine", "machine", line, strlen(line), err);
		free(line);
		if (ret)
			goto out;
	}

	path = xasprintf("%s/proc/kallsyms", root);
	ret = copy_file(path, TGT_MAX_KALLSYMS, fd, "kallsyms", dir, err);
	free(path);
	if (ret)
		goto out;

	path = xasprintf("%s/proc/config.gz", root);
	if (access(path, F_OK) && release && tgt_name_is_safe(release)) {
		free(path);
		path = xasprintf("%s/boot/config-%s", root, release);
	}
	ret = copy_file(path, TGT_MAX_CONFIG, fd, "config", dir, err);
	if (ret == -ENOENT) {
		gaps->config = xstrdup(path);
		ret = 0; /* no config anywhere: the snapshot says so by having none */
	}
	free(path);
	if (ret)
		goto out;

	path = xasprintf("%s/sys/kernel/tracing/available_filter_functions", root);
	if (access(path, F_OK)) {
		free(path);
		path = xasprintf("%s/sys/kernel/debug/tracing/available_filter_functions", root);
	}
	ret = copy_file(path, TGT_MAX_FTRACE, fd, "available_filter_functions", dir, err);
	if (ret == -ENOENT || ret == -EACCES || ret == -EPERM) {
		gaps->ftrace = xasprintf("%s: %s", path, strerror(-ret));
		ret = 0;
	}
	free(path);
	if (ret)
		goto out;

	ret = write_btf(fd, root, dir, gaps, err);
	if (ret)
		goto out;

	path = xasprintf("%s/sys/kernel/livepatch", root);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		int src = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), dst = -1;
		char *out = xasprintf("%s/livepatch", dir);

		if (src < 0)
			ret = err_set(err, -errno, "%s: %s", path, strerror(errno));
		else if (mkdirat(fd, "livepatch", 0755) < 0 ||
			 (dst = openat(fd, "livepatch", O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) < 0)
			ret = err_set(err, -errno, "%s: %s", out, strerror(errno));
		else
			ret = copy_tree(&c, src, path, dst, out, 1);
		if (src >= 0)
			close(src);
		if (dst >= 0)
			close(dst);
		free(out);
	} else {
		gaps->livepatch = xstrdup(path);
	}
	free(path);
	if (!ret && release && tgt_name_is_safe(release))
		ret = write_struct_module(fd, root, release, gaps, err);
	if (!ret && release && tgt_name_is_safe(release))
		ret = write_loader_state(fd, root, release, dir, err);
	if (ret)
		goto out;
	/* Last: a snapshot interrupted before this is not a snapshot. */
	ret = write_file(fd, "klpcheck-snapshot", "klpcheck-snapshot", TGT_SNAPSHOT_MAGIC,
			 strlen(TGT_SNAPSHOT_MAGIC), err);
out:
	free(release);
	close(fd);
	return ret;
}
