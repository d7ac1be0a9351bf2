#!/usr/bin/env python3
"""Independent reference swaps for FlowAlp's concentrated-liquidity pool (tests/.../Concentrated/ReferenceTableTests).

How this is independent of the C# (src/FlowAlp.Engine/Dex/Concentrated):
  * Prices come from the definition, not from v3's TickMath: sqrt(P(i)) = sqrt(1.0001^i) (whitepaper 6.1) is
    computed exactly as an integer square root of the rational 10001^i / 10000^i scaled by 2^192, and rounded up
    to Q64.96. The C# multiplies v3's 19 precomputed Q128 constants instead. The two agree whenever the exact value
    is not within v3's approximation error of a 2^-32 rounding boundary; sqrt_at_tick() asserts that margin for
    every tick used here (so a table row can never depend on how the approximation rounds).
  * Amounts and next prices are the whitepaper's formulas (6.2.1, 6.14-6.16) evaluated in exact rationals
    (fractions.Fraction) and rounded once, in the pool's favour: amounts the pool receives round up, amounts it
    pays round down, a token0 input/output moves 1/sqrt(P) and the new sqrt price rounds up, a token1 amount moves
    sqrt(P) and the new sqrt price rounds down. The C# uses v3's mulDiv/divRoundingUp chains instead.
  * The current tick is the greatest i with sqrt_at_tick(i) <= sqrtP, found by bisection on the exact ratios;
    liquidity is tracked as a plain dict of liquidityNet per initialized tick (whitepaper 6.3), walked in order.
  * Conventions that are not in the whitepaper's formulas and are taken as a specification (v3 core behaviour):
    the fee is taken from the input as floor(remaining*(1e6-fee)/1e6) before a step; a step that reaches its
    target pays fee ceil(in*fee/(1e6-fee)), one that stops short pays everything left as fee; after crossing a
    tick downwards the current tick is (crossed tick - 1); a swap steps from one initialized tick to the next
    (no bitmap-word stops); an exact-output swap never delivers more than asked.
Standard library only. Run: python3 clamm_reference.py  (writes clamm_reference.csv next to this file).
"""
from fractions import Fraction
from math import isqrt, ceil, floor
import csv, os

MIN_TICK, MAX_TICK = -887272, 887272
# v3's published sqrt ratios at the tick range ends (the default swap limits are one inside them). MIN agrees with the
# exact value; MAX is v3's approximation, whose low digits differ from the exact sqrt(1.0001^887272)*2^96.
MIN_SQRT_RATIO = 4295128739
MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342
Q96 = 2 ** 96
PIPS = 1_000_000

_cache = {}


def sqrt_at_tick(i):
    """ceil(sqrt(1.0001^i) * 2^96), asserting it is far from a Q128->Q96 rounding boundary."""
    if i in _cache:
        return _cache[i]
    num, den = (10001 ** i, 10000 ** i) if i >= 0 else (10000 ** -i, 10001 ** -i)
    q128 = isqrt((num << 256) // den)          # floor(sqrt(P) * 2^128)
    s = isqrt((num << 192) // den)             # floor(sqrt(P) * 2^96)
    exact = s * s * den == num << 192
    r = s if exact else s + 1
    if i != 0:
        frac = q128 % (1 << 32)
        whole = q128 >> 128
        margin = 64 * (whole + 1) ** 2 + 1024  # bound on v3's accumulated truncation error at this size
        assert margin < frac < (1 << 32) - margin, f"tick {i}: too close to a rounding boundary to compare"
    _cache[i] = r
    return r


def tick_at_sqrt(sp):
    """Greatest i with sqrt_at_tick(i) <= sp: a float log gives a guess, exact comparisons decide."""
    from math import log
    i = floor(2 * (log(sp) - 96 * log(2)) / log(1.0001))
    while sqrt_at_tick_unchecked(i) > sp:
        i -= 1
    while sqrt_at_tick_unchecked(i + 1) <= sp:
        i += 1
    return i


def sqrt_at_tick_unchecked(i):
    if i == MAX_TICK:
        return MAX_SQRT_RATIO  # the range end is v3's published value (see above), not the exact root
    num, den = (10001 ** i, 10000 ** i) if i >= 0 else (10000 ** -i, 10001 ** -i)
    s = isqrt((num << 192) // den)
    return s if s * s * den == num << 192 else s + 1


def up(f):
    return ceil(f)


def down(f):
    return floor(f)


def dx(sa, sb, L):  # token0 between two sqrt prices (Q96 integers): L * (1/sqrtPa - 1/sqrtPb)
    lo, hi = min(sa, sb), max(sa, sb)
    return Fraction(L * Q96 * (hi - lo), lo * hi)


def dy(sa, sb, L):  # token1 between two sqrt prices: L * (sqrtPb - sqrtPa)
    lo, hi = min(sa, sb), max(sa, sb)
    return Fraction(L * (hi - lo), Q96)


def next_price(sp, L, amount, token0, adding):
    if amount == 0:
        return sp
    if token0:  # 1/sqrtP' = 1/sqrtP +- amount/L  (Q96: S' = L*Q96*S / (L*Q96 +- amount*S)), rounded up
        return up(Fraction(L * Q96 * sp, L * Q96 + (amount * sp if adding else -amount * sp)))
    return down(sp + (Fraction(amount * Q96, L) if adding else -Fraction(amount * Q96, L)))  # rounded down


def step(sp, target, L, remaining, fee):
    zf1 = sp >= target
    exact_in = remaining >= 0
    amt_in = amt_out = None
    if exact_in:
        less_fee = remaining * (PIPS - fee) // PIPS
        to_target = up(dx(target, sp, L) if zf1 else dy(sp, target, L))
        nxt = target if less_fee >= to_target else next_price(sp, L, less_fee, token0=zf1, adding=True)
        if nxt == target:
            amt_in = to_target
    else:
        to_target = down(dy(target, sp, L) if zf1 else dx(sp, target, L))
        nxt = target if -remaining >= to_target else next_price(sp, L, -remaining, token0=not zf1, adding=False)
        if nxt == target:
            amt_out = to_target
    if amt_in is None:
        amt_in = up(dx(nxt, sp, L) if zf1 else dy(sp, nxt, L))
    if amt_out is None:
        amt_out = down(dy(nxt, sp, L) if zf1 else dx(sp, nxt, L))
    if not exact_in:
        amt_out = min(amt_out, -remaining)
    fee_amt = remaining - amt_in if exact_in and nxt != target else up(Fraction(amt_in * fee, PIPS - fee))
    return nxt, amt_in, amt_out, fee_amt


class Pool:
    def __init__(self, fee, spacing, sp, positions):
        self.fee, self.sp = fee, sp
        self.tick = tick_at_sqrt(sp)
        self.net = {}
        self.L = 0
        self.mint0 = self.mint1 = 0
        for lo, hi, liq in positions:
            assert lo % spacing == 0 and hi % spacing == 0 and lo < hi
            self.net[lo] = self.net.get(lo, 0) + liq
            self.net[hi] = self.net.get(hi, 0) - liq
            sa, sb = sqrt_at_tick(lo), sqrt_at_tick(hi)
            if self.tick < lo:
                self.mint0 += up(dx(sa, sb, liq))
            elif self.tick < hi:
                self.mint0 += up(dx(sp, sb, liq))
                self.mint1 += up(dy(sa, sp, liq))
                self.L += liq
            else:
                self.mint1 += up(dy(sa, sb, liq))

    def swap(self, zf1, amount, limit):
        if limit is None:
            limit = MIN_SQRT_RATIO + 1 if zf1 else MAX_SQRT_RATIO - 1
        assert (limit < self.sp if zf1 else limit > self.sp), "price limit on the wrong side"
        exact_in = amount > 0
        remaining, calculated = amount, 0
        while remaining != 0 and self.sp != limit:
            start = self.sp
            if zf1:
                below = [t for t in self.net if t <= self.tick]
                nxt_tick, init = (max(below), True) if below else (MIN_TICK, False)
            else:
                above = [t for t in self.net if t > self.tick]
                nxt_tick, init = (min(above), True) if above else (MAX_TICK, False)
            s_next = sqrt_at_tick(nxt_tick) if init else (MIN_SQRT_RATIO if zf1 else MAX_SQRT_RATIO)
            target = limit if (s_next < limit if zf1 else s_next > limit) else s_next
            self.sp, a_in, a_out, f = step(self.sp, target, self.L, remaining, self.fee)
            if exact_in:
                remaining -= a_in + f
                calculated -= a_out
            else:
                remaining += a_out
                calculated += a_in + f
            if self.sp == s_next:
                if init:
                    self.L += -self.net[nxt_tick] if zf1 else self.net[nxt_tick]
                self.tick = nxt_tick - 1 if zf1 else nxt_tick
            elif self.sp != start:
                self.tick = tick_at_sqrt(self.sp)
        if zf1 == exact_in:
            return amount - remaining, calculated
        return calculated, amount - remaining


def price_sqrt(num, den):
    """floor(sqrt(num/den) * 2^96): an opening price that is not on a tick."""
    return isqrt((num << 192) // den)


# pool id -> (fee pips, tick spacing, opening sqrtPriceX96, [(lower, upper, liquidity)], [(zeroForOne, amountSpecified, limit)])
E8 = 10 ** 8
POOLS = {
    "p1-3000-unit": (3000, 60, Q96, [(-600, 600, 10 ** 13)], [
        (True, 1 * E8, None), (False, 5 * E8, None), (True, -2 * E8, None), (False, -1 * E8, None), (True, 3 * E8, None)]),
    "p2-500-btc": (500, 10, price_sqrt(100_000, 1), [(92000, 138000, 3 * 10 ** 13), (114_000, 116_000, 2 * 10 ** 15)], [
        (True, 2 * E8, None), (True, 50 * E8, None), (False, 12_000_000 * E8, None), (True, -500_000 * E8, None), (False, -1 * E8, None), (True, 5000 * E8, None), (False, 800_000_000 * E8, None), (True, 10 ** 6 * E8, None)]),
    "p3-100-stable": (100, 1, price_sqrt(1_0002, 1_0000), [(-5, 5, 10 ** 17), (-50, 50, 10 ** 16), (-500, 500, 10 ** 15)], [
        (True, 300_000 * E8, None), (True, 200_000 * E8, sqrt_at_tick(-40)), (False, -300_000 * E8, None), (False, 1, None)]),
    "p4-10000-gap": (10000, 200, price_sqrt(5, 100), [(-31000, -29000, 5 * 10 ** 12), (-35000, -33000, 4 * 10 ** 12)], [
        (True, 5000 * E8, None), (False, 300 * E8, None), (True, 200 * E8, None)]),
    "p5-3000-exhaust": (3000, 60, price_sqrt(2, 1), [(6000, 7800, 10 ** 12)], [
        (True, 10 ** 18, None), (False, -10 ** 16, None), (True, 7 * E8, sqrt_at_tick(7200))]),
    "p6-500-ontick": (500, 10, sqrt_at_tick(-23030), [(-23030, -22000, 10 ** 12), (-24000, -23030, 10 ** 12)], [
        (True, 1, None), (True, 10 * E8, None), (False, -5 * E8, None), (False, 10 * E8, None)]),
    "p7-3000-roundtrip": (3000, 60, price_sqrt(3, 7), [(-10020, -6000, 7 * 10 ** 11), (-9000, -7980, 2 * 10 ** 12)], [
        (True, 1234567891, None), (False, 482711530, None), (False, -99999, None), (True, -77 * E8, sqrt_at_tick(-9600)),
        (False, 10 ** 12, sqrt_at_tick(-7020))]),
    "p8-10000-wide": (10000, 200, price_sqrt(1, 1000), [(-120000, 0, 10 ** 10), (-70000, -68000, 10 ** 11)], [
        (True, 123 * E8, None), (False, 9 * E8, None), (True, -4 * E8, None)]),
}


def main():
    assert sqrt_at_tick(0) == Q96
    assert sqrt_at_tick_unchecked(MIN_TICK) == MIN_SQRT_RATIO, "getSqrtRatioAtTick(MIN_TICK)"
    n, d = 10001 ** MAX_TICK, 10000 ** MAX_TICK
    assert str(isqrt((n << 192) // d))[:18] == str(MAX_SQRT_RATIO)[:18], "getSqrtRatioAtTick(MAX_TICK)"
    rows = []
    for pid, (fee, spacing, sp, positions, swaps) in POOLS.items():
        pool = Pool(fee, spacing, sp, positions)
        pos_text = ";".join(f"{lo}:{hi}:{liq}" for lo, hi, liq in positions)
        for i, (zf1, amount, limit) in enumerate(swaps, 1):
            a0, a1 = pool.swap(zf1, amount, limit)
            rows.append([pid, fee, spacing, sp, pos_text, pool.mint0, pool.mint1, i, int(zf1), amount,
                         "" if limit is None else limit, a0, a1, pool.sp, pool.tick, pool.L])
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "clamm_reference.csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["pool", "feePips", "tickSpacing", "openSqrtPriceX96", "positions", "mint0", "mint1", "step",
                    "zeroForOne", "amountSpecified", "sqrtPriceLimitX96", "amount0", "amount1", "sqrtPriceX96", "tick",
                    "liquidity"])
        w.writerows(rows)
    print(f"{len(rows)} swaps written to {path}")


if __name__ == "__main__":
    main()
