/*
 * Counts frames by protocol and passes them all: "protocols" maps an IPv4
 * frame's IP protocol (1 ICMP, 6 TCP, 17 UDP) and any other frame's
 * ethertype (2054 ARP, 34525 IPv6) to its frames. Per CPU: no locked adds;
 * vnet sums the CPUs when it reads the map.
 */
#include "frames.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} protocols SEC(".maps");

SEC("tc")
int count_proto(struct __sk_buff *skb)
{
	struct iphdr *ip = ipv4_of(skb);
	__u32 key = ip ? ip->protocol : ethertype_of(skb);
	__u64 one = 1, *count = bpf_map_lookup_elem(&protocols, &key);

	if (count)
		*count += 1;
	else
		bpf_map_update_elem(&protocols, &key, &one, BPF_NOEXIST);
	return TC_ACT_UNSPEC;
}

char LICENSE[] SEC("license") = "GPL";
