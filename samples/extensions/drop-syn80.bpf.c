/*
 * Drops TCP SYNs to port 80 (a new connection to a web server): curl to :80
 * fails, ping and every other port pass. Counts what it dropped in "dropped".
 */
#include <linux/tcp.h>
#include "dropped.h"

SEC("tc")
int drop_syn80(struct __sk_buff *skb)
{
	void *end = (void *)(long)skb->data_end;
	struct iphdr *ip = ipv4_of(skb);
	struct tcphdr *tcp;

	if (!ip || ip->protocol != IPPROTO_TCP || ip->ihl != 5)
		return TC_ACT_UNSPEC;
	tcp = (void *)(ip + 1);
	if ((void *)(tcp + 1) > end || !tcp->syn || tcp->ack || tcp->dest != bpf_htons(80))
		return TC_ACT_UNSPEC;
	return drop();
}

char LICENSE[] SEC("license") = "GPL";
