/*
 * What the sample link programs share: the verdicts vnet reads and the
 * IPv4 header of a frame, bounds-checked as the verifier demands.
 *
 * A link program runs on every frame of its direction before the link's
 * own emulation (loss, rate). TC_ACT_SHOT drops the frame; TC_ACT_UNSPEC
 * passes it on to that emulation (TC_ACT_OK would pass it past the
 * netns backend's loss filter too).
 */
#ifndef VNET_SAMPLE_FRAMES_H
#define VNET_SAMPLE_FRAMES_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

/* The frame's IPv4 header, or NULL for anything else (or a frame too short to hold one). */
static __always_inline struct iphdr *ipv4_of(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return NULL;
	return ip;
}

/* The frame's ethertype (host order), 0 when it is too short to have one. */
static __always_inline __u16 ethertype_of(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;

	return (void *)(eth + 1) > end ? 0 : bpf_ntohs(eth->h_proto);
}

#endif
