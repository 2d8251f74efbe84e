#!/usr/bin/env python3
"""Write the seed corpus of the powerio fuzz targets.

Usage: fuzz-seeds.py [--check] [CORPUS_DIR]

CORPUS_DIR defaults to tests/qtest/fuzz/corpus; each target's seeds go to
CORPUS_DIR/TARGET/seed-NAME, the op sequences of past findings that left
no input of their own to CORPUS_DIR/TARGET/finding-NAME (FINDINGS).
--check writes nothing and fails when a committed file differs from what
this script makes.  Other files there (a finding's input as the fuzzer
wrote it) are left alone.

Each seed is a sequence of 16-byte operations (op, size, sel, addr, val,
little-endian) in the encoding of tests/qtest/libqos/powerio-fuzz.c: the
operation numbers and field meanings here follow that file, and change
with it.  The seeds start where the targets' set-up leaves the machine
(PEs, windows with TCEs, MSIs routed) and go further: DMA through every
window, stale TCEs, faults that freeze a PE and the recovery after, MSIs
own and forged, error injection, dynamic windows made and removed, a host
IOMMU run full.
"""

import os
import struct
import sys


def op(code, size=0, sel=0, addr=0, val=0):
    return struct.pack("<BBHIQ", code, size & 0xff, sel & 0xffff,
                       addr & 0xffffffff, val & 0xffffffffffffffff)


def ppc_bit(n):
    return 1 << (63 - n)


# The exerciser (include/hw/misc/dma_exerciser_regs.h)
BUF_TO_MEM, MEM_TO_BUF, MEM_TO_MEM, FILL, VERIFY, RAW_WRITE = range(1, 7)
DXR_ID, DXR_STATUS, DXR_PATTERN, DXR_DOORBELL = 0x0, 0x48, 0x38, 0x98
MSIX_TABLE, MSIX_PBA = 0x800, 0xc00


def dx_sel(dxop, iova_mode=0, irq=None, count=1, stride=False):
    """sel of a DX_RUN operation (powerio-fuzz.c dx_run)"""
    assert 1 <= count <= 4
    sel = dxop | (iova_mode << 10) | ((count - 1) << 7)
    if irq is not None:
        sel |= 8 | (irq << 4)
    if stride:
        sel |= 0x200
    return sel


def dx_addr(length=4096, off=0):
    """addr of a DX_RUN operation: LEN - 1 and the buffer offset"""
    return (length - 1) | (off << 16)


# ---- powerio-pnv-phb3 ----------------------------------------------------

(P_PHB_WRITE, P_PHB_READ, P_IODA_WRITE, P_IODA_READ, P_TCE_WRITE, P_PBCQ,
 P_DX_WRITE, P_DX_RUN, P_DX_CONFIG, P_M32, P_M64, P_TCE_KILL, P_EEH, P_ICP,
 P_RTT, P_TVE, P_IVE) = range(17)

DX_PE = 3
PHB_M32_BASE_MASK = 0x198
PHB_PAPR_ERR_INJ_CTL, PHB_PAPR_ERR_INJ_ADDR, PHB_PAPR_ERR_INJ_MASK = \
    0x2b0, 0x2b8, 0x2c0
INJ_INB, INJ_OUTB, INJ_RD, INJ_WR = ppc_bit(0), ppc_bit(1), ppc_bit(4), \
    ppc_bit(5)
PHB_ERR_STATUS, PHB_ERR_INJECT, PHB_OUT_ERR_STATUS = 0xc80, 0xc90, 0xd00
PHB_ETU_ERR_SUMMARY, PHB_LEM_FIR_ACCUM = 0x2c8, 0xc00
IODA2_TBL_M64BT, IODA2_TBL_M32DT, IODA2_TBL_PESTA = 16, 17, 7
(EEH_CLEAR, EEH_PEST, EEH_PELTV, EEH_ASB_READ, EEH_ASB_WRITE, EEH_SUMMARY,
 EEH_LEM_WRITE, EEH_RECOVER) = range(8)
ICP_POLL, ICP_ACCEPT_EOI, ICP_CPPR, ICP_MFRR = range(4)


def p_dx(dxop, val=0, iova_mode=0, length=4096, off=0, irq=None, count=1,
         stride=False, width=0, data=None):
    addr = data if data is not None else dx_addr(length, off)
    return op(P_DX_RUN, width << 1,
              dx_sel(dxop, iova_mode, irq, count, stride), addr, val)


def p_m32_load(bar, off, width=3):
    """a CPU load in BAR0 (0), BAR2 (1) or the M32 window (2)"""
    return op(P_M32, width, bar << 8, off)


def p_eeh(sub, pe=None, addr=0, val=0):
    if pe is None:
        return op(P_EEH, 1, sub, addr, val)
    return op(P_EEH, 0, sub | (pe << 8), addr, val)


def p_accept():
    return op(P_ICP, 0, ICP_ACCEPT_EOI)


def pnv_seeds():
    s = {}
    s["dma-window0"] = [
        p_dx(FILL, 0, irq=0), p_accept(),
        p_dx(VERIFY, 0),
        p_dx(MEM_TO_BUF, 1),
        p_dx(BUF_TO_MEM, 2),
        p_dx(MEM_TO_MEM, 3, off=2),
        p_dx(FILL, 8, count=4, stride=True, irq=1), p_accept(),
        p_dx(VERIFY, 8, length=0x4000),
        p_m32_load(0, DXR_STATUS),
        op(P_ICP, 0, ICP_POLL),
    ]
    s["dma-bypass"] = [
        p_dx(FILL, 0x1000000, iova_mode=1, length=0x4000),
        p_dx(VERIFY, 0x1000000, iova_mode=1, length=0x4000),
        p_dx(MEM_TO_MEM, 0x1000000, iova_mode=1, off=16),
        # beyond the bypass window (RAM): an IODA2 error, the PE freezes
        p_dx(FILL, (1 << 59) | (2 << 30), iova_mode=3),
        p_eeh(EEH_PEST), p_m32_load(0, DXR_ID),
        p_eeh(EEH_RECOVER),
        p_dx(FILL, 0x2000000, iova_mode=1),
    ]
    s["tce-stale"] = [
        p_dx(FILL, 0),                              # the TCE is cached
        op(P_TCE_WRITE, 0, 0, 0, 5 | (3 << 4)),     # remapped, no kill
        p_dx(FILL, 0),
        op(P_TCE_KILL, 1, 2, 0),                    # kill that page
        p_dx(FILL, 0),
        op(P_TCE_WRITE, 0, 0, 1, 6 | (1 << 4)),     # read-only
        op(P_TCE_KILL, 1, 1),                       # kill the PE
        p_dx(FILL, 1),                              # a write: fault
        p_eeh(EEH_RECOVER),
        op(P_TCE_KILL, 0, 0),                       # kill all
        p_dx(VERIFY, 1),
        # a garbage pointer at the top level: the second leaf's DMA walks it
        op(P_TCE_WRITE, 0, 3, 1, 0x12345000 | 3),
        op(P_TCE_KILL, 0, 3, 0, ppc_bit(0)),        # raw kill-all value
        p_dx(FILL, 512),
        p_eeh(EEH_RECOVER),
    ]
    s["eeh-freeze"] = [
        p_dx(FILL, 100),                            # no TCE: the PE freezes
        p_eeh(EEH_PEST), p_eeh(EEH_SUMMARY), p_m32_load(0, DXR_ID),
        op(P_PHB_READ, 0, 0, PHB_ERR_STATUS),
        op(P_PHB_READ, 0, 0, PHB_OUT_ERR_STATUS),
        op(P_IODA_READ, 0, IODA2_TBL_PESTA, DX_PE),
        p_eeh(EEH_ASB_READ, addr=PHB_LEM_FIR_ACCUM),
        p_eeh(EEH_CLEAR),
        p_eeh(EEH_PELTV, val=7),                    # freezing 3 freezes 7
        p_dx(FILL, 100),
        p_eeh(EEH_PEST, pe=7),
        p_eeh(EEH_RECOVER), p_eeh(EEH_CLEAR, pe=7),
        op(P_PBCQ, 1, 0),                           # nest FIR
        p_eeh(EEH_LEM_WRITE, val=0),
        p_dx(FILL, 2),
    ]
    s["msi"] = (
        [op(P_DX_WRITE, 0, 0, DXR_DOORBELL, v) for v in range(8)] +
        [op(P_ICP, 0, ICP_POLL)] + [p_accept() for _ in range(8)] +
        [op(P_ICP, 0, ICP_CPPR, 0, 0),             # masked at the ICP
         op(P_DX_WRITE, 0, 0, DXR_DOORBELL, 1),
         op(P_ICP, 0, ICP_CPPR, 0, 0xff), p_accept(),
         op(P_ICP, 0, ICP_MFRR, 0, 0x10), p_accept(),
         # vector 2 masked in the MSI-X table: pending, delivered on unmask
         op(P_DX_WRITE, 1, 0, MSIX_TABLE + 2 * 16 + 12, 1),
         op(P_DX_WRITE, 0, 0, DXR_DOORBELL, 2),
         p_m32_load(0, MSIX_PBA),
         op(P_DX_WRITE, 1, 0, MSIX_TABLE + 2 * 16 + 12, 0), p_accept(),
         # IVE 100 belongs to PE 7: the exerciser forges its MSI
         op(P_IVE, 0, 7, 100, 5 | (8 << 8)),
         p_dx(RAW_WRITE, 100, iova_mode=2, width=2, data=100 & 0x1f),
         p_eeh(EEH_PEST), p_eeh(EEH_RECOVER),
         # its own IVE 3, written by DMA
         p_dx(RAW_WRITE, 3, iova_mode=2, width=2, data=3), p_accept(),
         p_dx(FILL, 0, irq=7), p_accept()])
    # pnv-phb3-torture-test remap-bounded: M32 and M64 reprogrammed 200
    # times made new window regions each time, without bound
    s["remap-bounded"] = [
        x for i in range(200) for x in (
            op(P_PHB_WRITE, 0, 0, PHB_M32_BASE_MASK,
               ~((0x80000000 >> (i % 4)) - 1)),
            op(P_IODA_WRITE, 0, IODA2_TBL_M64BT, i % 16,
               ppc_bit(0) | (0x3d01000 << 32) | (0x3fffff00 + i % 2)))
    ] + [op(P_M64, 3, 0, 0x1000), op(P_M32, 3, 2 << 8, 0x10)]
    s["error-inject"] = [
        # the PAPR injection registers, as skiboot's phb3_err_inject_mem32
        op(P_PHB_WRITE, 0, 0, PHB_PAPR_ERR_INJ_ADDR, 0),
        op(P_PHB_WRITE, 0, 0, PHB_PAPR_ERR_INJ_MASK, 0),
        op(P_PHB_WRITE, 0, 0, PHB_PAPR_ERR_INJ_CTL, INJ_OUTB | INJ_RD),
        p_m32_load(0, DXR_ID),
        op(P_PHB_READ, 0, 0, PHB_PAPR_ERR_INJ_CTL),
        p_eeh(EEH_PEST), p_eeh(EEH_RECOVER),
        op(P_PHB_WRITE, 0, 0, PHB_PAPR_ERR_INJ_CTL, INJ_INB | INJ_WR),
        p_dx(FILL, 0),
        p_eeh(EEH_RECOVER),
        op(P_PHB_WRITE, 0, 0, PHB_PAPR_ERR_INJ_CTL, 0),
        p_dx(FILL, 0),
        # an injected PHB error: the PHB is fenced (for good: no creset)
        op(P_PHB_WRITE, 0, 0, PHB_ERR_INJECT, ppc_bit(10)),
        p_eeh(EEH_SUMMARY), p_eeh(EEH_ASB_READ, addr=PHB_ERR_STATUS),
        p_eeh(EEH_ASB_WRITE, addr=PHB_ERR_INJECT, val=0),
        p_m32_load(0, DXR_ID),
    ]
    s["pe-reprogram"] = [
        op(P_RTT, 0, (1 << 8) | 0, 0, 5),           # 01:00.0 to PE 5
        op(P_TVE, 0, 5, 0, 0),                      # its window 0: the table
        p_dx(FILL, 0),
        op(P_IODA_WRITE, 0, IODA2_TBL_M32DT, 0, 5 << 48),
        p_m32_load(0, DXR_ID),
        op(P_TVE, 2, 5 | (1 << 8), 1 << 6, 0),      # window 1: bypass 1 GiB
        p_dx(FILL, 0x100000, iova_mode=1),
        op(P_TVE, 6, 5, 0, 0),                      # window 0 off: fault
        p_dx(FILL, 0),
        p_eeh(EEH_PEST, pe=5), p_eeh(EEH_CLEAR, pe=5),
        op(P_TVE, 0, 5, 0, 0x7 << 8),               # another table size
        p_dx(FILL, 3),
        op(P_TVE, 4, 5, 0, 0xdeadbeef000),          # raw garbage
        p_dx(FILL, 3),
        op(P_RTT, 0, (1 << 8) | 0, 0, DX_PE),
        op(P_IODA_WRITE, 0, IODA2_TBL_M32DT, 0, DX_PE << 48),
        p_eeh(EEH_CLEAR, pe=5), p_eeh(EEH_RECOVER),
        p_dx(FILL, 0),
    ]
    s["config-space"] = [
        op(P_DX_CONFIG, 1, 4, 0, 0),                # memory and master off
        p_m32_load(0, DXR_ID),                      # UR: freeze
        op(P_DX_CONFIG, 1, 4, 0, 6),
        p_eeh(EEH_RECOVER),
        op(P_DX_CONFIG, 2, 0x10, 0, 0x80100000),    # BAR0 moved
        op(P_M32, 3, 2 << 8, 0x100000),
        op(P_DX_CONFIG, 2, 0x10, 0, 0x80000000),
        # the root port: bus numbers and memory window
        op(P_DX_CONFIG, 4, 0x19, 0, 2),
        p_m32_load(0, DXR_ID),
        op(P_DX_CONFIG, 4, 0x19, 0, 1),
        op(P_DX_CONFIG, 6, 0x20, 0, 0x80008000),
        p_m32_load(0, DXR_ID),
        op(P_DX_CONFIG, 5, 4, 0, 0),                # root port command off
        p_dx(FILL, 0),
        op(P_DX_CONFIG, 5, 4, 0, 6),
        op(P_DX_CONFIG, 6, 0x20, 0, 0xbff08000),
        p_eeh(EEH_RECOVER),
        p_dx(FILL, 0),
    ]
    s["pbcq-xscom"] = (
        [op(P_PBCQ, 1, r) for r in range(0x46)] +
        [op(P_PBCQ, 1, (1 << 8) | r) for r in range(0x15)] +
        [op(P_PBCQ, 1, (2 << 8) | r) for r in range(5)] +
        # NFIR OR bit 16: the PHB is fenced, then cleared
        [op(P_PBCQ, 0, 2, 0, ppc_bit(16)),
         p_m32_load(0, DXR_ID), p_dx(FILL, 0),
         op(P_PBCQ, 0, 1, 0, ~ppc_bit(16)),
         p_eeh(EEH_RECOVER),
         op(P_M64, 2, 0, 0x2000), op(P_M64, 3, 1, 0x2000, 1),
         p_dx(FILL, 0)])
    return s


# ---- powerio-pnv-phb4, powerio-pnv-phb5 -----------------------------------

(Q_PHB_WRITE, Q_PHB_READ, Q_IODA_WRITE, Q_IODA_READ, Q_TCE_WRITE, Q_STACK,
 Q_DX_WRITE, Q_DX_RUN, Q_DX_CONFIG, Q_M32, Q_M64, Q_TCE_KILL, Q_RTT, Q_TVE,
 Q_CTRLR, Q_ESB) = range(16)

P4_DX_PE, P4_OTHER_PE = 3, 4
DX_RID = (1 << 8) | 0                       # 01:00.0
P4_RAM = 1 << 30
TVE1 = 1 << 59                              # DMA address bit: TVE#1
# the set-up's layout (pci-pnv-phb4.c: tables from 0x22000000 for PHB 1)
P4_RTT = 0x22000000
P4_ESB_BASE = 0x000600c320000000            # PHB 1's interrupt BAR
PHB_PHB4_CONFIG, PHB_RTT_BAR, PHB4_RTC_INVALIDATE = 0x160, 0x168, 0x208
PHB4_TCE_KILL, PHB_CTRLR = 0x210, 0x810
MSI32_EN, MSI64_EN = ppc_bit(8), ppc_bit(14)
IODA3_TBL_PESTA, IODA3_TBL_TVT, IODA3_TBL_MBT, IODA3_TBL_MDT = 7, 9, 16, 17
IODA3_TBL_MIST, IODA3_TBL_PESTB, IODA3_TBL_PEEV = 2, 8, 20
PHB_CPU_LOADSTORE_STATUS, ETU_ERR_SUMMARY = 0x120, 0x2c8
INJ_CTL, INJ_ADDR, INJ_MASK = 0x2b0, 0x2b8, 0x2c0
NEST_FIR_CLR, NEST_FIR_SET, PCI_ETU_RESET = 0x1, 0x2, 0xa
ALL_ONES = 0xffffffffffffffff


def P4_TRAP(t):
    """the status register of ETU error trap t (PHB, TXE, RXE_ARB, ...)"""
    return 0xc80 + 0x80 * t


# p4_kill sub-operations
K_ALL, K_PE, K_PAGE, K_LARGE, K_RAW, K_PSEL = range(6)
# P4_TVE forms (size bits 1-2)
T_XOR, T_BYPASS, T_RAW, T_ZERO = range(4)
# P4_RTT invalidation (size bits 0-1)
R_ALL, R_RID, R_NONE, R_REG = range(4)


def q_dx(dxop, val=0, iova_mode=0, length=4096, off=0, irq=None, count=1,
         stride=False, width=0, data=None):
    addr = data if data is not None else dx_addr(length, off)
    return op(Q_DX_RUN, width << 1,
              dx_sel(dxop, iova_mode, irq, count, stride), addr, val)


def q_kill(sub, pe=None, addr=0, val=0, code=0):
    """pe None: the exerciser's PE; else in val bits 0-8"""
    if pe is None:
        return op(Q_TCE_KILL, 1, sub | (code << 4), addr, val)
    return op(Q_TCE_KILL, 0, sub | (code << 4), addr, val | pe)


def q_tve(form, val=0, addr=0, pe=None, tve=0, index=None):
    """TVE#tve of PE pe (None: the exerciser's), or TVT index"""
    if index is not None:
        return op(Q_TVE, 8 | (form << 1), index, addr, val)
    if pe is None:
        return op(Q_TVE, 1 | (form << 1), tve << 9, addr, val)
    return op(Q_TVE, form << 1, pe | (tve << 9), addr, val)


def q_rtt(pe, inval=R_ALL, rid=DX_RID, addr=0):
    return op(Q_RTT, inval, rid, addr, pe)


def q_load(bar, off, width=3):
    """a CPU load in BAR0 (0), BAR2 (1) or the M32 window (2)"""
    return op(Q_M32, width, bar << 8, off)


def p4_seeds():
    s = {}
    s["dma-windows"] = [
        q_dx(FILL, 0, irq=0), q_dx(VERIFY, 0),
        q_dx(MEM_TO_BUF, 1), q_dx(BUF_TO_MEM, 2),
        q_dx(MEM_TO_MEM, 3, off=2),
        q_dx(FILL, 8, count=4, stride=True, irq=1),
        q_dx(VERIFY, 8, length=0x4000),
        q_dx(FILL, 16),                             # no TCE: a fault
        q_dx(FILL, 1 << 40, iova_mode=3),           # beyond the table
        q_dx(FILL, 0x1000000, iova_mode=1, length=0x4000),
        q_dx(VERIFY, 0x1000000, iova_mode=1, length=0x4000),
        q_dx(FILL, TVE1 | P4_RAM, iova_mode=3),     # past the bypass end
        q_dx(FILL, 1 << 61, iova_mode=3),           # stray upper bits
        q_load(0, DXR_STATUS),
    ]
    s["tce-stale"] = [
        q_dx(FILL, 0),                              # the TCE is cached
        op(Q_TCE_WRITE, 0, 0, 0, 5 | (3 << 4)),     # remapped, no kill
        q_dx(FILL, 0),                              # still the old page
        q_kill(K_PAGE, addr=0),                     # kill that page
        q_dx(FILL, 0),
        op(Q_TCE_WRITE, 0, 0, 1, 6 | (1 << 4)),     # read-only
        q_dx(FILL, 1),                              # cached: still lands
        q_kill(K_PE),                               # kill the PE
        q_dx(FILL, 1),                              # a write: fault
        q_kill(K_ALL),
        q_dx(VERIFY, 1),
        # a garbage pointer at the top level: the second leaf walks it
        op(Q_TCE_WRITE, 0, 3, 1, 0x12345000 | 3),
        q_kill(K_RAW, val=ppc_bit(0)),              # raw kill-all value
        q_dx(FILL, 512),
        op(Q_TCE_WRITE, 0, 2, 2, (1 << 60) | 3),    # a TCE to the MSIs
        q_kill(K_ALL), q_dx(FILL, 2),
    ]
    s["kills"] = [
        q_dx(FILL, 0), q_dx(FILL, 1),
        q_kill(K_PE, pe=300),                       # beyond a 256-PE PHB
        q_kill(K_PE, pe=511),
        q_kill(K_PE, pe=P4_OTHER_PE),
        q_kill(K_LARGE, addr=0, code=0),            # 64K page
        q_kill(K_LARGE, addr=0, code=1),            # 2M
        q_kill(K_LARGE, addr=0, code=2),            # 1G
        q_kill(K_PSEL, code=9, val=0x10000),        # no such size
        q_kill(K_PSEL, code=4, val=0),
        q_kill(K_RAW, val=ppc_bit(1) | ppc_bit(2) | 3),
        q_kill(K_RAW, val=0xffffffffffffffff),
        q_kill(K_PAGE, addr=1),
        q_dx(FILL, 0), q_dx(FILL, 1),
        op(Q_PHB_READ, 0, 0, PHB4_TCE_KILL),
    ]
    s["rtt-rtc"] = [
        q_dx(FILL, 0),
        q_rtt(P4_OTHER_PE, R_NONE),                 # RTC not invalidated
        q_dx(FILL, 0),                              # still PE 3
        q_rtt(P4_OTHER_PE, R_RID, rid=DX_RID + 1),  # another RID's
        q_dx(FILL, 0),
        q_rtt(P4_OTHER_PE, R_RID),                  # its own: PE 4 now
        q_dx(FILL, 0),                              # read-only: a fault
        q_dx(VERIFY, 0),
        q_rtt(0x1234, R_ALL),                       # no such PE: dropped
        q_dx(FILL, 0),
        q_rtt(300, R_REG, addr=DX_RID << 16),       # beyond a 256-PE PHB
        q_dx(FILL, 0),
        q_rtt(P4_DX_PE, R_ALL),
        op(Q_PHB_WRITE, 0, 0, PHB_RTT_BAR, 0),      # RTT BAR off
        op(Q_PHB_WRITE, 0, 0, PHB4_RTC_INVALIDATE, ppc_bit(0)),
        q_dx(FILL, 0),
        op(Q_PHB_WRITE, 0, 0, PHB_RTT_BAR, 0x7ffff0000 | ppc_bit(0)),
        op(Q_PHB_WRITE, 0, 0, PHB4_RTC_INVALIDATE, ppc_bit(0)),
        q_dx(FILL, 0),                              # RTT past RAM
        op(Q_PHB_WRITE, 0, 0, PHB_RTT_BAR, P4_RTT | ppc_bit(0)),
        op(Q_PHB_WRITE, 0, 0, PHB4_RTC_INVALIDATE, ppc_bit(0)),
        q_dx(FILL, 0),
    ]
    s["tvt-addr-sel"] = [
        op(Q_CTRLR, 0, 0, 0, 1),                    # 4 TVEs per PE
        q_dx(FILL, 0),                              # TVT 12: empty
        q_tve(T_XOR, index=P4_DX_PE * 4),           # the table there
        q_tve(T_BYPASS, val=0, addr=P4_RAM >> 24, index=P4_DX_PE * 4 + 1),
        q_dx(FILL, 0),
        q_dx(FILL, (1 << 58) | 0x100000, iova_mode=3),
        q_dx(FILL, (1 << 59) | 0x100000, iova_mode=3),  # TVE 2: empty
        op(Q_CTRLR, 0, 0, 0, 2),                    # 8
        q_dx(FILL, (1 << 57) | 0x100000, iova_mode=3),
        op(Q_CTRLR, 0, 0, 0, 3),                    # 16
        q_tve(T_XOR, index=P4_DX_PE * 16 + 15),
        q_dx(FILL, 0x0f00000000000000, iova_mode=3),
        q_kill(K_ALL),
        op(Q_CTRLR, 0, 0, 0, 5),                    # undefined code
        q_dx(FILL, 0),
        op(Q_CTRLR, 0, 0, 0, 0),                    # back to 2
        q_dx(FILL, 0),
    ]
    s["tve-garbage"] = [
        q_tve(T_XOR, val=0xc),                      # IO page size 16M
        q_dx(FILL, 0),
        q_tve(T_XOR, val=0x4),                      # 64K pages
        q_dx(FILL, 0, length=0x10000),
        q_tve(T_XOR, val=7 << 13),                  # 7 levels
        q_dx(FILL, 0),
        q_tve(T_XOR, val=0x1f << 8),                # table size 0
        q_dx(FILL, 0),
        q_tve(T_XOR, val=0x1 << 13),                # one level fewer
        q_dx(FILL, 0),
        q_tve(T_XOR, val=0x7fffff << 16),           # the table elsewhere
        q_dx(FILL, 0), q_kill(K_ALL),
        q_tve(T_BYPASS, val=0x20000000, addr=0x10, tve=1),  # start > end
        q_dx(FILL, 0x20000000, iova_mode=1),
        q_tve(T_RAW, val=ppc_bit(51), tve=1),       # no NON_TRANSLATE_50
        q_dx(FILL, 0, iova_mode=1),
        q_tve(T_RAW, val=0xdeadbeef000 | 1),        # raw garbage
        q_dx(FILL, 3),
        q_tve(T_ZERO, pe=P4_OTHER_PE),
        q_tve(T_XOR, index=0x3ff),                  # the last TVE
        q_tve(T_XOR, index=0xfff),                  # beyond the TVT
        q_tve(T_XOR), q_kill(K_ALL),
        q_tve(T_BYPASS, val=0, addr=P4_RAM >> 24, tve=1),
        q_dx(FILL, 0), q_dx(FILL, 0, iova_mode=1),
    ]
    s["msi"] = (
        [op(Q_DX_WRITE, 0, 0, DXR_DOORBELL, v) for v in range(8)] + [
            q_dx(FILL, 0, irq=3),
            q_dx(RAW_WRITE, 5, iova_mode=2, width=2, data=0),
            q_dx(RAW_WRITE, 0xfff, iova_mode=2, width=2, data=0x1f),
            q_dx(RAW_WRITE, 1 << 60, iova_mode=3, width=3, data=0x1234),
            q_dx(RAW_WRITE, (1 << 60) | 0xffff0, iova_mode=3, width=2),
            q_dx(MEM_TO_BUF, 0xffff0000, iova_mode=3, length=16),
            # MSI-X vector 2 masked: pending, delivered on unmask
            op(Q_DX_WRITE, 1, 0, MSIX_TABLE + 2 * 16 + 12, 1),
            op(Q_DX_WRITE, 0, 0, DXR_DOORBELL, 2),
            q_load(0, MSIX_PBA),
            op(Q_DX_WRITE, 1, 0, MSIX_TABLE + 2 * 16 + 12, 0),
            # the MSI windows off: the same writes are DMA, and fault
            op(Q_PHB_WRITE, 0, 0, PHB_PHB4_CONFIG, 0),
            q_dx(RAW_WRITE, 5, iova_mode=2, width=2),
            op(Q_DX_WRITE, 0, 0, DXR_DOORBELL, 1),
            op(Q_PHB_WRITE, 0, 0, PHB_PHB4_CONFIG, MSI32_EN | MSI64_EN),
            op(Q_DX_WRITE, 0, 0, DXR_DOORBELL, 1),
            # the sources' ESB pages: loads (state, EOI) and a trigger
            op(Q_ESB, 3, 0x800, 5), op(Q_ESB, 3, 0xc00, 5),
            op(Q_ESB, 3, 0xd00, 1), op(Q_ESB, 3 | 4, 0, 2),
            op(Q_ESB, 3, 0x800, 2047),
            op(Q_PHB_WRITE, 0, 0, PHB_CTRLR, 0),    # 4K ESB pages
            op(Q_ESB, 3, 0x800, 2047), op(Q_ESB, 3 | 4, 0, 6),
            op(Q_CTRLR, 0, 0, 0, 0),
        ])
    # PE isolation and EEH (pnv_phb4_eeh.c): freezes and their effects,
    # PESTA/PESTB/PEEV, forged MSIs, injection, trap injects, a fence and
    # skiboot's complete reset (nest FIR, ETU reset) through XSCOM
    s["eeh"] = [
        q_dx(FILL, 16),                             # a TCE fault: frozen
        q_load(0, DXR_STATUS),                      # all-ones
        op(Q_IODA_READ, 0, IODA3_TBL_PEEV, 0),
        op(Q_IODA_WRITE, 0, IODA3_TBL_PESTA, P4_DX_PE, 0),  # MMIO thawed
        q_dx(FILL, 0),                              # DMA still stopped
        op(Q_IODA_WRITE, 0, IODA3_TBL_PESTB, P4_DX_PE, 0),
        op(Q_PHB_WRITE, 0, 0, P4_TRAP(4), ALL_ONES),    # status W1C
        q_dx(FILL, 0, irq=1),
        op(Q_IODA_WRITE, 0, IODA3_TBL_PESTA, 600, ppc_bit(0)),
        op(Q_IODA_WRITE, 0, IODA3_TBL_PEEV, 0, ALL_ONES),
        op(Q_IODA_WRITE, 0, IODA3_TBL_PESTB, P4_OTHER_PE, ppc_bit(0)),
        # the MSIs of sources 0-3 given to PE 4: a forged MSI freezes PE 3
        op(Q_IODA_WRITE, 0, IODA3_TBL_MIST, 0, 0x0004000400040004),
        op(Q_DX_WRITE, 0, 0, DXR_DOORBELL, 1),
        q_dx(RAW_WRITE, 5, iova_mode=2, width=1, data=0),   # 2 bytes: fence
        op(Q_PHB_READ, 0, 0, PHB_CPU_LOADSTORE_STATUS),
        # skiboot's complete reset: nest FIR set, ETU reset, FIRs cleared
        op(Q_STACK, 0, NEST_FIR_SET, 0, ppc_bit(26)),
        op(Q_STACK, 0, 0x100 | PCI_ETU_RESET, 0, ppc_bit(0)),
        op(Q_STACK, 0, NEST_FIR_CLR, 0, 0),
        op(Q_STACK, 0, 0x100 | PCI_ETU_RESET, 0, 0),
        q_dx(FILL, 0),
        # PAPR injection: a config write of the exerciser, a DMA write
        op(Q_PHB_WRITE, 0, 0, INJ_ADDR, DX_RID << 44),
        op(Q_PHB_WRITE, 0, 0, INJ_MASK, 0xffff << 44),
        op(Q_PHB_WRITE, 0, 0, INJ_CTL, ppc_bit(3) | ppc_bit(5)),
        op(Q_DX_CONFIG, 1, 4, 0, 6),
        op(Q_PHB_WRITE, 0, 0, INJ_ADDR, 0),
        op(Q_PHB_WRITE, 0, 0, INJ_MASK, 0),
        op(Q_PHB_WRITE, 0, 0, INJ_CTL, ppc_bit(0) | ppc_bit(2) | ppc_bit(5)),
        q_dx(FILL, 0), q_dx(FILL, 1),
        # every trap's inject register, all bits
        op(Q_PHB_WRITE, 0, 0, P4_TRAP(0) + 0x10, ALL_ONES),
        op(Q_PHB_WRITE, 0, 0, P4_TRAP(1) + 0x10, ALL_ONES),
        op(Q_STACK, 0, NEST_FIR_CLR, 0, 0),
        op(Q_PHB_WRITE, 0, 0, P4_TRAP(3) + 0x10, ALL_ONES),
        op(Q_PHB_READ, 0, 0, ETU_ERR_SUMMARY),
        op(Q_STACK, 0, NEST_FIR_CLR, 0, 0),
        q_dx(FILL, 0),
    ]
    # The base's XIVE source region is sized for two 64K pages a source
    # (its default "shift"), the PHB uses one (or 4K): a DMA through a TCE
    # to the ESB page of source 2048, which a 2048-source PHB lacks, makes
    # the source model assert (xive_source_esb_get: srcno < nr_irqs)
    esb_beyond = P4_ESB_BASE + 2048 * 0x10000
    s["esb-beyond-sources"] = [
        op(Q_TCE_WRITE, 0, 2, 20, esb_beyond | 3),
        q_dx(RAW_WRITE, 20, width=3, data=0),
        q_dx(VERIFY, 20, length=8),
    ]
    s["mmio-config"] = [
        op(Q_DX_CONFIG, 1, 4, 0, 0),                # memory, master off
        q_load(0, DXR_ID), q_dx(FILL, 0),
        op(Q_DX_CONFIG, 1, 4, 0, 6),
        op(Q_DX_CONFIG, 2, 0x10, 0, 0x80100000),    # BAR0 moved
        op(Q_M32, 3, 2 << 8, 0x100000),
        op(Q_DX_CONFIG, 2, 0x10, 0, 0x80000000),
        # the root complex: bus numbers, memory window, command
        op(Q_DX_CONFIG, 4, 0x19, 0, 2), q_load(0, DXR_ID),
        op(Q_DX_CONFIG, 4, 0x19, 0, 1),
        op(Q_DX_CONFIG, 6, 0x20, 0, 0x80008000), q_load(0, DXR_ID),
        op(Q_DX_CONFIG, 6, 0x20, 0, 0xbff08000),
        op(Q_DX_CONFIG, 5, 4, 0, 0), q_dx(FILL, 0),
        op(Q_DX_CONFIG, 5, 4, 0, 6),
        # an M64 window: MBT entry 1, single PE, at the 64-bit BAR
        op(Q_IODA_WRITE, 0, IODA3_TBL_MBT, 2,
           ppc_bit(0) | (2 << 60) | (0x0006004000000000 & 0x00fffffffffff000)),
        op(Q_IODA_WRITE, 0, IODA3_TBL_MBT, 3,
           ppc_bit(0) | (0x00ffffff00000000 & 0x00fffffffffff000) | P4_DX_PE),
        op(Q_M64, 3, 0, 0x1000), op(Q_M64, 3, 1, 0x2000, 1),
        op(Q_IODA_WRITE, 0, IODA3_TBL_MBT, 3, 0),
        op(Q_M64, 3, 0, 0x1000),
        op(Q_IODA_WRITE, 0, IODA3_TBL_MDT, 0, 7 << 48),
        op(Q_IODA_READ, 0, IODA3_TBL_PESTA, P4_DX_PE),
        q_load(0, DXR_ID), q_load(2, 0x7ffffff8),
    ]
    s["pec-stack"] = (
        [op(Q_STACK, 1, r) for r in range(0x18)] +
        [op(Q_STACK, 1, 0x100 | r) for r in range(0x10)] +
        [op(Q_STACK, 0, 0x2, 0, ppc_bit(0)),        # nest FIR set
         op(Q_STACK, 0, 0x100 | 0x2, 0, ppc_bit(0)),
         q_load(0, DXR_ID), q_dx(FILL, 0),
         op(Q_STACK, 0, 0x1, 0, 0), op(Q_STACK, 0, 0x100 | 0x1, 0, 0),
         q_dx(FILL, 0)])
    return s


# ---- powerio-spapr -------------------------------------------------------

(S_PUT_TCE, S_GET_TCE, S_INDIRECT, S_STUFF, S_RTAS, S_BUF_WRITE, S_DX_WRITE,
 S_DX_RUN, S_DX_CONFIG, S_MMIO, S_DDW, S_EEH, S_ERRINJCT, S_IRQ) = range(14)

# qspapr_pci_rtas_calls (tests/qtest/libqos/spapr-hcall.c), by index
(R_CHANGE_MSI, R_QUERY_IRQ, R_QUERY_DDW, R_CREATE_DDW, R_REMOVE_DDW,
 R_RESET_DDW, R_SET_EEH_OPTION, R_CONFIG_ADDR_INFO2, R_SLOT_STATE,
 R_SET_SLOT_RESET, R_CONFIGURE_PE, R_SLOT_ERROR_DETAIL, R_OPEN_ERRINJCT,
 R_ERRINJCT, R_CLOSE_ERRINJCT, R_READ_CONFIG, R_WRITE_CONFIG) = range(17)

W_DEFAULT, W_DDW, W_RAW, W_OTHER = (0 << 8, 1 << 8, 2 << 8, 3 << 8)
IOBA_RAW, TCE_RAW = 0x400, 0x800
RW = 3 << 4                         # TCE read/write in val bits 4-5
(E_OPTION, E_STATE, E_SLOT_RESET, E_CONFIGURE, E_RECOVER, E_ADDR_INFO,
 E_ERROR_DETAIL, E_THAW) = range(8)
I_IPOLL, I_XIRR_EOI, I_SET_XIVE, I_OFF_ON = range(4)
SPAPR_MSI_WINDOW = 0x40000000000


def s_dx(dxop, val=0, dev=0, iova_mode=0, length=4096, off=0, irq=None,
         count=1, stride=False, width=0, data=None):
    addr = data if data is not None else dx_addr(length, off)
    return op(S_DX_RUN, dev | (width << 1),
              dx_sel(dxop, iova_mode, irq, count, stride), addr, val)


def s_tce(page, dma_page, perm=RW, dev=0, window=W_DEFAULT):
    return op(S_PUT_TCE, dev, window, page, dma_page | perm)


def s_eeh(sub, dev=0, addr=0, val=0):
    return op(S_EEH, dev, sub, addr, val)


def s_rtas(call, dev=0, form=0, val=0, addr=0, counts=None, buf=False,
           raw_buid=False):
    """form: first argument config address, PE address, addr, other's"""
    size = dev | (form << 1) | (8 if raw_buid else 0) | (0x10 if buf else 0)
    sel = call
    if counts:
        size |= 0x20
        sel |= (counts[0] << 8) | (counts[1] << 12)
    return op(S_RTAS, size, sel, addr, val)


def s_ddw_create(dev, page_shift, window_shift):
    ps = {12: 0, 16: 1, 21: 2, 24: 3}[page_shift]
    return op(S_DDW, dev | ((window_shift - 16) << 1), 1 | (ps << 2))


def s_errinjct(fn, dev=0, bar=True, wide=False, addr=0xffff, val=0,
               close=False):
    size = dev | (2 if wide else 0) | (4 if bar else 0)
    return op(S_ERRINJCT, size, fn | (0x8000 if close else 0), addr, val)


def s_mmio(bar, off, dev=0, store=False, width=3, val=0):
    return op(S_MMIO, dev | (width << 1), (bar << 8) | int(store), off, val)


def spapr_seeds():
    s = {}
    s["tce-dma"] = [
        s_tce(20, 3), op(S_GET_TCE, 0, W_DEFAULT, 20),
        s_dx(FILL, 20, irq=0), op(S_IRQ, 0, I_XIRR_EOI),
        s_dx(VERIFY, 20),
        s_dx(FILL, 0, iova_mode=1, length=0x4000),
        s_dx(MEM_TO_BUF, 1, iova_mode=1, length=0x4000),
        s_tce(5, 5, window=W_DDW), op(S_GET_TCE, 0, W_DDW, 5),
        s_dx(FILL, 5, iova_mode=1, length=0x10000),
        s_dx(MEM_TO_MEM, 0, iova_mode=1, off=16),
        s_tce(5, 5, perm=1 << 4, window=W_DDW),     # read-only now
        s_dx(FILL, 5, iova_mode=1),                 # a write: stops the PE
        s_eeh(E_STATE), s_eeh(E_RECOVER),
        s_tce(30, 7, dev=1), s_dx(FILL, 30, dev=1), s_dx(VERIFY, 30, dev=1),
        s_tce(31, 8, window=W_OTHER),               # into the other PE
        s_dx(FILL, 31),                             # not in ours: fault
        s_eeh(E_RECOVER),
        op(S_PUT_TCE, 0, W_RAW, 0, (0x80000000 << 32) | 3 | RW),
        op(S_GET_TCE, 0, W_DEFAULT | IOBA_RAW, 0, 1 << 40),
    ]
    s["ddw-cycle"] = [
        op(S_DDW, 0, 0),                            # query: none free
        s_ddw_create(0, 16, 30),                    # refused
        op(S_DDW, 0, 2 | W_DDW),                    # remove
        op(S_DDW, 0, 0),
        s_ddw_create(0, 16, 32),
        s_tce(0, 0, window=W_DDW), s_dx(FILL, 0, iova_mode=1),
        op(S_DDW, 0, 3),                            # reset: default only
        s_dx(FILL, 0, iova_mode=1),                 # no window: stops
        s_eeh(E_RECOVER),
        op(S_DDW, 0, 0),
        s_ddw_create(0, 12, 24),
        s_tce(1, 2, window=W_DDW), s_dx(FILL, 1, iova_mode=1),
        op(S_DDW, 0, 2 | W_DDW),
        s_ddw_create(0, 21, 36),
        s_tce(0, 0, window=W_DDW), s_dx(FILL, 0, iova_mode=1),
        op(S_DDW, 0, 2 | W_DDW),
        s_ddw_create(0, 24, 40),
        s_ddw_create(1, 16, 30),                    # the other PE's
        s_rtas(R_QUERY_DDW, form=3),
        s_rtas(R_REMOVE_DDW, form=2, addr=0x80000000),
        op(S_DDW, 1, 3), op(S_DDW, 0, 3),
        s_dx(FILL, 0),
    ]
    s["indirect-stuff"] = (
        [op(S_BUF_WRITE, 0, 0, i, i | RW) for i in range(8)] + [
            op(S_INDIRECT, 2 << 1, W_DEFAULT, 40),      # 8 TCEs at page 40
            s_dx(FILL, 40, count=4, stride=True),
            s_dx(VERIFY, 47),
            op(S_STUFF, 0, W_DEFAULT | 8, 40, 0),       # cleared
            s_dx(FILL, 40),                             # fault
            s_eeh(E_RECOVER),
            op(S_INDIRECT, 2 << 1, W_DDW, 8),           # into the DDW
            s_dx(FILL, 8, iova_mode=1),
            op(S_STUFF, 0, W_DDW | 0xff, 0, 0),
            op(S_INDIRECT, 127 << 1, W_DEFAULT, 0),     # 508 TCEs
            op(S_INDIRECT, 2 << 1, W_DEFAULT | TCE_RAW, 0, 0xdead000),
            op(S_BUF_WRITE, 0, TCE_RAW, 3, 0xffffffffffff0003),
            op(S_INDIRECT, 2 << 1, W_DEFAULT, 60),
            s_dx(FILL, 63),
            s_eeh(E_RECOVER),
            s_dx(FILL, 8, iova_mode=1),
        ])
    s["msi"] = [
        op(S_DX_WRITE, 0, 0, DXR_DOORBELL, 0),
        op(S_IRQ, 0, I_IPOLL), op(S_IRQ, 0, I_XIRR_EOI),
        op(S_DX_WRITE, 1, 0, DXR_DOORBELL, 3), op(S_IRQ, 0, I_XIRR_EOI),
        # vector 2 masked at the source, int-off/on
        op(S_IRQ, 0, I_SET_XIVE, 2, 0xff << 40),
        op(S_DX_WRITE, 0, 0, DXR_DOORBELL, 2), op(S_IRQ, 0, I_IPOLL),
        op(S_IRQ, 0, I_SET_XIVE, 2, 5 << 40), op(S_IRQ, 0, I_XIRR_EOI),
        op(S_IRQ, 0, I_OFF_ON, 2), op(S_IRQ, 0, I_OFF_ON | 4, 0, 0xfffff),
        # MSI-X vector 4 masked in the table: pending bit
        op(S_DX_WRITE, 2, 0, MSIX_TABLE + 4 * 16 + 12, 1),
        op(S_DX_WRITE, 0, 0, DXR_DOORBELL, 4),
        s_mmio(0, MSIX_PBA),
        op(S_DX_WRITE, 2, 0, MSIX_TABLE + 4 * 16 + 12, 0),
        op(S_IRQ, 0, I_XIRR_EOI),
        # by DMA: its own interrupt, then the other PE's (forged)
        s_dx(RAW_WRITE, 0, iova_mode=2, width=2),
        op(S_IRQ, 0, I_XIRR_EOI),
        s_dx(RAW_WRITE, 8, iova_mode=2, width=2),
        s_eeh(E_STATE), s_eeh(E_RECOVER),
        s_dx(RAW_WRITE, SPAPR_MSI_WINDOW, iova_mode=3, width=2,
             data=0xffffff),
        s_eeh(E_RECOVER),
        s_dx(FILL, 0, irq=1), op(S_IRQ, 0, I_XIRR_EOI),
        # MSIs given back, then asked for again
        s_rtas(R_CHANGE_MSI, dev=1, val=2),
        op(S_DX_WRITE, 1, 0, DXR_DOORBELL, 0),      # a vector given back
        op(S_IRQ, 0, I_IPOLL), s_eeh(E_RECOVER, dev=1),
        s_rtas(R_CHANGE_MSI, dev=1, val=(2 << 32) | 4),
        s_rtas(R_QUERY_IRQ, dev=1, val=1),
        op(S_DX_WRITE, 1, 0, DXR_DOORBELL, 1), op(S_IRQ, 0, I_XIRR_EOI),
    ]
    # c991dd5: ibm,change-msi printed a guest's mistakes on the host's
    # stderr (the replay fails on any stderr output)
    s["change-msi"] = [
        s_rtas(R_CHANGE_MSI, val=(1 << 32) | 7),    # no such function
        s_rtas(R_CHANGE_MSI, val=(1 << 32) | 3),    # MSI: no capability
        s_rtas(R_CHANGE_MSI, val=(1 << 32) | 5),    # 32-bit MSI
        s_rtas(R_CHANGE_MSI, val=(1 << 32) | 1),
        s_rtas(R_CHANGE_MSI, val=(100000 << 32) | 4),
        s_rtas(R_CHANGE_MSI, val=0),
        s_rtas(R_CHANGE_MSI, val=2),
        s_rtas(R_CHANGE_MSI, val=(8 << 32) | 4),
        s_rtas(R_CHANGE_MSI, val=(1 << 32) | 6),
        s_rtas(R_CHANGE_MSI, val=0xffffffff),
        s_rtas(R_CHANGE_MSI, val=(1 << 32) | 4, counts=(5, 4)),
        s_rtas(R_CHANGE_MSI, val=(1 << 32) | 4, counts=(6, 2)),
        s_rtas(R_CHANGE_MSI, dev=1, val=(1 << 32) | 1),
        s_rtas(R_CHANGE_MSI, form=2, addr=0x1234500, val=(1 << 32) | 4),
        s_rtas(R_CHANGE_MSI, raw_buid=True, val=(1 << 32) | 4),
        s_rtas(R_QUERY_IRQ, val=9),
        op(S_DX_WRITE, 0, 0, DXR_DOORBELL, 0), op(S_IRQ, 0, I_XIRR_EOI),
    ]
    s["eeh-recover"] = [
        s_dx(FILL, 0x3000),                         # no TCE: the PE stops
        s_eeh(E_STATE), s_mmio(0, DXR_ID),
        s_eeh(E_ERROR_DETAIL, addr=64 | (2048 << 16), val=1),
        s_eeh(E_SLOT_RESET, val=1), s_eeh(E_SLOT_RESET, val=0),
        s_eeh(E_CONFIGURE),
        s_eeh(E_OPTION, val=2), s_eeh(E_OPTION, val=3),
        op(S_DX_CONFIG, 1 << 1, 4, 0, 6),           # BARs lost in the reset
        s_dx(FILL, 0),
        s_eeh(E_RECOVER),                           # BARs restored too
        s_dx(FILL, 0), s_eeh(E_STATE),
        s_eeh(E_ADDR_INFO, val=0), s_eeh(E_ADDR_INFO, val=1),
        s_eeh(E_OPTION, val=0),                     # EEH off
        s_dx(FILL, 0x3000),
        s_eeh(E_OPTION, val=1),
        s_dx(FILL, 0x3000, dev=1), s_eeh(E_STATE, dev=1),
        s_dx(FILL, 0),                              # the other PE runs on
        s_eeh(E_SLOT_RESET, dev=1, val=3), s_eeh(E_SLOT_RESET, dev=1),
        s_eeh(E_RECOVER, dev=1),
        s_rtas(R_SLOT_STATE, form=1), s_rtas(R_SET_EEH_OPTION, form=2,
                                             addr=0x901, val=1),
        # the permanent function: unavailable for good
        s_eeh(E_ERROR_DETAIL, dev=1, addr=64 | (2048 << 16), val=2),
        s_eeh(E_STATE, dev=1), s_eeh(E_RECOVER, dev=1),
        s_dx(FILL, 0, dev=1),
    ]
    s["errinjct"] = [
        s_errinjct(0, addr=0),                      # load, BAR0 exactly
        s_mmio(0, DXR_ID),                          # injected: stops
        s_eeh(E_STATE), s_eeh(E_RECOVER),
        s_errinjct(6, addr=0xffff),                 # store memory
        s_mmio(0, DXR_PATTERN, store=True, val=1),
        s_eeh(E_RECOVER),
        s_errinjct(12, bar=False, wide=True, addr=0xffff, val=0),
        s_dx(VERIFY, 0),                            # DMA read
        s_eeh(E_RECOVER),
        s_errinjct(16, dev=1, bar=False, addr=0, val=0),
        s_dx(FILL, 0, dev=1), s_eeh(E_RECOVER, dev=1),
        s_errinjct(4), s_errinjct(10),              # config load / store
        op(S_DX_CONFIG, 1 << 1, 4, 0, 6), s_eeh(E_RECOVER),
        s_errinjct(21), s_errinjct(20, close=True),
        s_rtas(R_OPEN_ERRINJCT), s_rtas(R_OPEN_ERRINJCT),
        s_rtas(R_ERRINJCT, val=7, buf=True),
        s_rtas(R_ERRINJCT, val=99),
        op(S_RTAS, 0x40, R_ERRINJCT, 12345, 7),     # a foreign token
        s_rtas(R_CLOSE_ERRINJCT), s_errinjct(2), s_errinjct(20, close=True),
    ]
    # the second exerciser sits behind a host IOMMU of 8 mappings; the
    # set-up used 6 of them
    s["host-iommu"] = (
        [s_tce(10 + i, i, dev=1) for i in range(6)] + [
            s_dx(FILL, 0, dev=1), s_dx(FILL, 12, dev=1),
            s_dx(FILL, 15, dev=1),
            op(S_STUFF, 1, W_DEFAULT | 4, 0, 0),
            s_tce(14, 1, dev=1), s_tce(15, 2, dev=1),
            s_dx(FILL, 15, dev=1),
            op(S_DDW, 1, 2 | W_DDW),                # a window still mapped
            s_ddw_create(1, 16, 30),
            s_tce(0, 3, dev=1, window=W_DDW),
            s_dx(FILL, 0, dev=1, iova_mode=1),
            op(S_INDIRECT, 1 | (4 << 1), W_DEFAULT, 100),
            s_eeh(E_RECOVER, dev=1),
        ])
    s["config-mmio"] = [
        s_rtas(R_READ_CONFIG, raw_buid=True, val=4 << 32),
        s_rtas(R_READ_CONFIG, form=2, addr=(0x20 << 8) | 0x10,
               raw_buid=True, val=4 << 32),
        s_rtas(R_WRITE_CONFIG, form=0, raw_buid=True, val=(2 << 32) | 6),
        s_rtas(R_CONFIG_ADDR_INFO2, form=1, val=1),
        s_mmio(1, 0x100, store=True, val=0x1122334455667788),
        s_mmio(1, 0x100), s_mmio(1, 0xfff8, width=2),
        s_mmio(0, 0xa8), s_mmio(0, 0x100, store=True, width=2, val=1),
        op(S_DX_WRITE, 2, 0, MSIX_TABLE, 0xfee00000),
        op(S_DX_WRITE, 0, 0, 0x1000 - 8, 1),
        s_mmio(2, 0x10000, width=2), s_mmio(2, 0x7fff0000, store=True),
        op(S_MMIO, 0, 3 << 8, 0, SPAPR_MSI_WINDOW),     # read of MSIs
        op(S_MMIO, 4, (3 << 8) | 1, 0x1234, 0x100),     # RAM
        op(S_DX_CONFIG, 2 << 1, 0x10, 0, 0xffffffff),   # BAR0 sizing
        op(S_DX_CONFIG, 2 << 1, 0x10, 0, 0),
        s_mmio(0, DXR_ID),
        op(S_DX_CONFIG, 1 << 1, 4, 0, 0), s_mmio(0, DXR_ID),
        s_eeh(E_RECOVER),
    ]
    return s


TARGETS = {"powerio-pnv-phb3": pnv_seeds, "powerio-pnv-phb4": p4_seeds,
           "powerio-pnv-phb5": p4_seeds, "powerio-spapr": spapr_seeds}


def main():
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = args[0] if args else os.path.join(
        here, "..", "..", "tests", "qtest", "fuzz", "corpus")
    bad = 0
    for target, seeds in TARGETS.items():
        d = os.path.join(corpus, target)
        if not check:
            os.makedirs(d, exist_ok=True)
        for name, ops in seeds().items():
            data = b"".join(ops)
            kind = "finding-" if name in FINDINGS else "seed-"
            path = os.path.join(d, kind + name)
            if check:
                try:
                    with open(path, "rb") as f:
                        same = f.read() == data
                except OSError:
                    same = False
                if not same:
                    print("fuzz-seeds: %s differs" % path)
                    bad += 1
                continue
            with open(path, "wb") as f:
                f.write(data)
    return 1 if bad else 0


# seeds that reproduce a past finding's operations
FINDINGS = {"remap-bounded", "change-msi", "esb-beyond-sources"}

if __name__ == "__main__":
    sys.exit(main())
