// SPDX-License-Identifier: GPL-2.0
/*
 * Link emulation, in the spirit of sch_netem: every frame gets a time to
 * send when it enters the shaper (delay, jitter, then serialisation at the
 * configured rate after the frames ahead of it), waits in a FIFO ordered by
 * that time, and one hrtimer armed at the head's time releases it. Ports
 * without delay, rate, loss or duplication never come here. Random draws
 * come from the kernel's pool, or from a per-direction generator a port's
 * or link's seed set (PORT_STATE, LINK_STATE) so that its decisions can be
 * replayed. Links (link.c) have a shaper per direction too.
 */
#include <linux/random.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/sock.h>

#include "vnet_priv.h"

/* The port of an egress or ingress shaper. */
static struct vnet_priv *vnet_shaper_port(struct vnet_shaper *sh)
{
	if (sh->kind == VNET_SHAPER_INGRESS)
		return container_of(sh, struct vnet_priv, ingress);
	return container_of(sh, struct vnet_priv, egress);
}

static void vnet_shaper_deliver(struct vnet_shaper *sh, struct sk_buff *skb)
{
	switch (sh->kind) {
	case VNET_SHAPER_EGRESS:
		vnet_port_send(vnet_shaper_port(sh), skb);
		break;
	case VNET_SHAPER_INGRESS:
		vnet_port_receive(vnet_shaper_port(sh), skb);
		break;
	default:
		vnet_link_shaper_deliver(sh, skb);
	}
}

static enum hrtimer_restart vnet_shaper_timer(struct hrtimer *timer)
{
	struct vnet_shaper *sh = container_of(timer, struct vnet_shaper, timer);
	enum hrtimer_restart restart = HRTIMER_NORESTART;
	struct sk_buff_head ready;
	struct sk_buff *skb;
	u64 now;

	__skb_queue_head_init(&ready);
	spin_lock(&sh->lock);
	now = ktime_get_ns();
	while ((skb = skb_peek(&sh->queue)) &&
	       vnet_skb_cb(skb)->time_to_send <= now) {
		__skb_unlink(skb, &sh->queue);
		__skb_queue_tail(&ready, skb);
	}
	skb = skb_peek(&sh->queue);
	if (skb) {
		hrtimer_set_expires(timer,
				    ns_to_ktime(vnet_skb_cb(skb)->time_to_send));
		restart = HRTIMER_RESTART;
	}
	spin_unlock(&sh->lock);

	rcu_read_lock();
	while ((skb = __skb_dequeue(&ready)))
		vnet_shaper_deliver(sh, skb);
	rcu_read_unlock();
	return restart;
}

void vnet_shaper_init(struct vnet_shaper *sh, enum vnet_shaper_kind kind)
{
	spin_lock_init(&sh->lock);
	__skb_queue_head_init(&sh->queue);
	hrtimer_init(&sh->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_SOFT);
	sh->timer.function = vnet_shaper_timer;
	sh->kind = kind;
}

int vnet_shape_validate(const struct vnet_shape *shape)
{
	if (shape->reserved)
		return -EINVAL;
	if (shape->delay_ns > VNET_DELAY_MAX_NS ||
	    shape->jitter_ns > shape->delay_ns ||
	    shape->loss_ppm > VNET_PPM || shape->dup_ppm > VNET_PPM ||
	    shape->limit_pkts > VNET_LIMIT_MAX ||
	    (shape->rate_bps && shape->rate_bps < VNET_RATE_MIN_BPS))
		return -ERANGE;
	return 0;
}

/*
 * Whether frames need the queue (see struct vnet_shape): jitter comes with
 * a delay, and the limit only bounds a queue that exists.
 */
static bool vnet_shape_emulates(const struct vnet_shape *shape)
{
	return shape->delay_ns || shape->rate_bps || shape->loss_ppm ||
	       shape->dup_ppm;
}

void vnet_shaper_set(struct vnet_shaper *sh, const struct vnet_shape *shape)
{
	bool active = vnet_shape_emulates(shape);

	spin_lock_bh(&sh->lock);
	sh->params = *shape;
	WRITE_ONCE(sh->active, active);
	spin_unlock_bh(&sh->lock);
}

void vnet_random_seed(struct vnet_random *random, u64 seed)
{
	random->seeded = seed != 0;
	if (seed)
		prandom_seed_state(&random->state, seed);
}

void vnet_shaper_get_random(struct vnet_shaper *sh, struct vnet_random *out)
{
	spin_lock_bh(&sh->lock);
	*out = sh->random;
	spin_unlock_bh(&sh->lock);
}

void vnet_shaper_set_random(struct vnet_shaper *sh,
			    const struct vnet_random *random)
{
	spin_lock_bh(&sh->lock);
	sh->random = *random;
	spin_unlock_bh(&sh->lock);
}

/* Random numbers of a shaper, under its lock. */
static u64 vnet_random_u64(struct vnet_random *random)
{
	if (!random->seeded)
		return get_random_u64();
	return (u64)prandom_u32_state(&random->state) << 32 |
	       prandom_u32_state(&random->state);
}

static u32 vnet_random_below(struct vnet_random *random, u32 n)
{
	if (!random->seeded)
		return get_random_u32_below(n);
	/* Biased by less than n / 2^32: 0.02 % for parts per million. */
	return ((u64)prandom_u32_state(&random->state) * n) >> 32;
}

/* Uniform in [delay - jitter, delay + jitter]. */
static u64 vnet_shaper_latency(struct vnet_shaper *sh)
{
	const struct vnet_shape *p = &sh->params;
	u64 rem;

	if (!p->jitter_ns)
		return p->delay_ns;
	div64_u64_rem(vnet_random_u64(&sh->random), 2 * p->jitter_ns + 1, &rem);
	return p->delay_ns - p->jitter_ns + rem;
}

/*
 * Bytes the frame takes on the wire: a GSO frame stands for gso_segs frames,
 * each with its own headers (as qdisc_pkt_len_init() counts them).
 */
static u64 vnet_wire_len(const struct sk_buff *skb)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int hdr;

	if (!skb_is_gso(skb) || shinfo->gso_segs < 2 ||
	    !skb_transport_header_was_set(skb))
		return skb->len;
	hdr = skb_transport_offset(skb);
	if (shinfo->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6))
		hdr += tcp_hdrlen(skb);
	else if (shinfo->gso_type & (SKB_GSO_UDP | SKB_GSO_UDP_L4))
		hdr += sizeof(struct udphdr);
	return skb->len + (u64)(shinfo->gso_segs - 1) * hdr;
}

/* A port's direction shows its drops to the port's captures; a link's not. */
static void vnet_shaper_drop(struct vnet_shaper *sh, struct vnet_priv *vp,
			     struct sk_buff *skb, enum vnet_drop_reason reason)
{
	u32 dir = 0;

	if (sh->kind == VNET_SHAPER_EGRESS)
		dir = VNET_DIR_EGRESS;
	else if (sh->kind == VNET_SHAPER_INGRESS)
		dir = VNET_DIR_INGRESS;
	vnet_drop(vp, skb, dir, reason);
}

static void vnet_shaper_queue(struct vnet_shaper *sh, struct vnet_priv *vp,
			      struct sk_buff *skb)
{
	const struct vnet_shape *p = &sh->params;
	u32 limit = p->limit_pkts ?: VNET_LIMIT_DEFAULT;
	bool was_empty = skb_queue_empty(&sh->queue);
	u64 now, t;

	if (skb_queue_len(&sh->queue) >= limit) {
		vnet_shaper_drop(sh, vp, skb, VNET_DROP_QUEUE_FULL);
		return;
	}

	now = ktime_get_ns();
	t = now;
	if (p->rate_bps) {
		t = max(now, sh->link_free_ns) +
		    div64_u64(vnet_wire_len(skb) * BITS_PER_BYTE * NSEC_PER_SEC,
			      p->rate_bps);
		sh->link_free_ns = t;
	}
	/* Jitter never reorders: a frame leaves after the one ahead of it. */
	t = max(t + vnet_shaper_latency(sh), sh->tail_ns);
	sh->tail_ns = t;
	vnet_skb_cb(skb)->time_to_send = t;
	__skb_queue_tail(&sh->queue, skb);
	if (was_empty)
		hrtimer_start(&sh->timer, ns_to_ktime(t), HRTIMER_MODE_ABS_SOFT);
}

static bool vnet_chance(struct vnet_shaper *sh, u32 ppm)
{
	return ppm && vnet_random_below(&sh->random, VNET_PPM) < ppm;
}

/* A port's own direction: its drops count on that port. */
void vnet_shaper_enqueue(struct vnet_shaper *sh, struct sk_buff *skb)
{
	vnet_shaper_enqueue_from(sh, skb, vnet_shaper_port(sh));
}

/* Drops count on @vp (NULL: nowhere). */
void vnet_shaper_enqueue_from(struct vnet_shaper *sh, struct sk_buff *skb,
			      struct vnet_priv *vp)
{
	struct sk_buff *dup = NULL;

	spin_lock_bh(&sh->lock);
	/*
	 * As sch_netem: a frame waiting for the emulated wire no longer counts
	 * against its socket's send budget, or TCP small queues would starve
	 * the link of data while the host is slow to refill it.
	 */
	if (sh->params.delay_ns || sh->params.rate_bps)
		skb_orphan_partial(skb);
	if (vnet_chance(sh, sh->params.loss_ppm)) {
		spin_unlock_bh(&sh->lock);
		vnet_shaper_drop(sh, vp, skb, VNET_DROP_LOSS);
		return;
	}
	if (vnet_chance(sh, sh->params.dup_ppm))
		dup = skb_clone(skb, GFP_ATOMIC);
	vnet_shaper_queue(sh, vp, skb);
	if (dup)
		vnet_shaper_queue(sh, vp, dup);
	spin_unlock_bh(&sh->lock);
}

/* Once nothing can enqueue any more (the port is past an RCU grace period). */
void vnet_shaper_purge(struct vnet_shaper *sh)
{
	hrtimer_cancel(&sh->timer);
	spin_lock_bh(&sh->lock);
	__skb_queue_purge(&sh->queue);
	spin_unlock_bh(&sh->lock);
}
