/*
 * What the sample programs that drop share: "dropped" counts the frames
 * they dropped (its one entry, key 0), shown on the link.
 */
#ifndef VNET_SAMPLE_DROPPED_H
#define VNET_SAMPLE_DROPPED_H

#include "frames.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dropped SEC(".maps");

/* The verdict that drops the frame, counted. */
static __always_inline int drop(void)
{
	__u32 first = 0;
	__u64 *count = bpf_map_lookup_elem(&dropped, &first);

	if (count)
		__sync_fetch_and_add(count, 1);
	return TC_ACT_SHOT;
}

#endif
