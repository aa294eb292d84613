/*
 * VNET_IOC_PARTITION from JS arrays: the addresses (IPv4 or IPv6 texts),
 * their groups, and the cut group pairs flattened [from, to, ...]. Read and
 * checked on the JS thread, the ioctl made on the libuv pool. A module with
 * VNET_FEAT_PARTITION6 gets struct vnet_partition_addr6 records (either
 * family); an older one struct vnet_partition_addr, IPv4 only.
 */
#include "vnetdev.h"

#include "vnet_device.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <linux/vnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

struct partition_job {
	struct job job; /* first: the job helpers cast back */
	struct vnet_device *device;
	struct vnet_partition request;
	void *addrs; /* count records of request.addr_size bytes */
};

static void partition_run(struct job *job)
{
	struct partition_job *partition = (struct partition_job *)job;

	if (ioctl(partition->device->fd, VNET_IOC_PARTITION, &partition->request) < 0)
		failure_set(&job->failure, errno, "vnet partition table of %u address(es) in %u group(s)",
			    partition->request.count, partition->request.groups);
}

static void partition_release(struct job *job)
{
	struct partition_job *partition = (struct partition_job *)job;

	if (partition->device)
		vnet_device_release(partition->device);
	free(partition->addrs);
	free(partition);
}

/* Group numbers (of addresses or cuts) below VNET_PARTITION_MAX_GROUPS; request.groups becomes the highest + 1. */
static bool check_groups(napi_env env, struct vnet_partition *request, const uint32_t *numbers, uint32_t count,
			 const char *what)
{
	for (uint32_t i = 0; i < count; i++) {
		if (numbers[i] >= VNET_PARTITION_MAX_GROUPS) {
			throw_invalid_arg(env, "vnet partition: %s[%u] is %u: groups are 0 to %u", what, i, numbers[i],
					  VNET_PARTITION_MAX_GROUPS - 1);
			return false;
		}
		if (numbers[i] >= request->groups)
			request->groups = numbers[i] + 1;
	}
	return true;
}

/* Record i of the request: @text in @group, as the record type request.addr_size names. */
static bool set_record(napi_env env, struct partition_job *partition, uint32_t i, const char *text, uint32_t group)
{
	struct vnet_partition_addr6 record = { .family = strchr(text, ':') ? AF_INET6 : AF_INET, .group = group };
	struct vnet_partition_addr *narrow = (struct vnet_partition_addr *)partition->addrs + i;
	struct failure too_old = { .err = EOPNOTSUPP };

	if (inet_pton((int)record.family, text, record.addr) != 1) {
		throw_invalid_arg(env, "vnet partition: \"%s\" is not an IPv4 or IPv6 address", text);
		return false;
	}
	if (partition->request.addr_size == sizeof(record)) {
		((struct vnet_partition_addr6 *)partition->addrs)[i] = record;
		return true;
	}
	if (record.family == AF_INET6) {
		snprintf(too_old.message, sizeof(too_old.message),
			 "the loaded vnet module is too old to cut IPv6 (%s): install a newer vnet.ko, or use the netns backend",
			 text);
		throw_failure(env, &too_old);
		return false;
	}
	memcpy(&narrow->addr, record.addr, sizeof(narrow->addr));
	narrow->group = group;
	return true;
}

/* The records of addresses[i] in groups[i], of the type the module takes. */
static bool set_records(napi_env env, struct partition_job *partition, const struct vnet_device *device,
			char **addresses, const uint32_t *groups, uint32_t count)
{
	partition->request.addr_size = device->features & VNET_FEAT_PARTITION6 ? sizeof(struct vnet_partition_addr6)
									       : sizeof(struct vnet_partition_addr);
	partition->addrs = calloc(count, partition->request.addr_size);
	if (!partition->addrs) {
		throw_no_memory(env, "vnet partition");
		return false;
	}
	for (uint32_t i = 0; i < count; i++)
		if (!set_record(env, partition, i, addresses[i], groups[i]))
			return false;
	partition->request.addrs = (__u64)(uintptr_t)partition->addrs;
	partition->request.count = count;
	return true;
}

static napi_value read_table(napi_env env, napi_value *argv, const struct vnet_device *device,
			     struct partition_job *partition)
{
	struct vnet_partition *request = &partition->request;
	uint32_t *groups = NULL, *cuts = NULL, count = 0, ngroups = 0, ncuts = 0;
	char **addresses = NULL;
	napi_value ok = NULL;

	if (!read_string_array(env, argv[1], "vnet partition: addresses", &addresses, &count) ||
	    !read_uint32_array(env, argv[2], "vnet partition: groups", VNET_PARTITION_MAX_ADDRS, &groups, &ngroups) ||
	    !read_uint32_array(env, argv[3], "vnet partition: cuts", 2 * VNET_PARTITION_MAX_GROUPS *
				       VNET_PARTITION_MAX_GROUPS, &cuts, &ncuts))
		goto out;
	if (ngroups != count || ncuts % 2) {
		throw_invalid_arg(env, "vnet partition: %u addresses need as many groups (got %u) and cuts pairs (got %u numbers)",
				  count, ngroups, ncuts);
		goto out;
	}
	request->addr_size = sizeof(struct vnet_partition_addr);
	if (!count) { /* the empty table: healed, whatever cuts were named */
		ok = argv[1];
		goto out;
	}
	if (!check_groups(env, request, groups, count, "groups") || !check_groups(env, request, cuts, ncuts, "cuts") ||
	    !set_records(env, partition, device, addresses, groups, count))
		goto out;
	for (uint32_t i = 0; i < ncuts; i += 2)
		request->cut[cuts[i]] |= 1ULL << cuts[i + 1];
	ok = argv[1];
out:
	free_string_array(addresses, count);
	free(groups);
	free(cuts);
	return ok;
}

napi_value vnetdev_partition(napi_env env, napi_callback_info info)
{
	size_t argc = 4;
	napi_value argv[4];
	struct partition_job *partition;
	struct vnet_device *device;

	NAPI_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	if (argc < 4)
		return throw_invalid_arg(env, "vnetPartition(handle, addresses, groups, cuts) needs four arguments");
	device = vnet_device_from_handle(env, argv[0], "vnet partition");
	if (!device)
		return NULL;
	partition = calloc(1, sizeof(*partition));
	if (!partition)
		return throw_no_memory(env, "vnet partition");
	partition->job.run = partition_run;
	partition->job.release = partition_release;
	if (!read_table(env, argv, device, partition)) {
		partition_release(&partition->job);
		return NULL;
	}
	vnet_device_hold(device);
	partition->device = device;
	return job_start(env, &partition->job, "vnet.partition");
}
