/*
 * sPAPR PHB: MSI writes validated against the requester
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PPC_SPAPR_PCI_MSI_H
#define HW_PPC_SPAPR_PCI_MSI_H

#include "hw/pci-host/spapr.h"

/*
 * The 32-bit MSI window: the PHB's MSI window (SPAPR_PCI_MSI_WINDOW, at
 * 4 TiB) seen a second time just below 4 GiB, for ibm,change-msi function
 * 5 and for devices whose MSI capability has 32-bit addresses only.
 * LoPAR leaves the address to the platform; this is where IODA PHBs decode
 * 32-bit MSIs (skiboot hw/phb3.c and hw/phb4.c get_msi_32: 0xFFFF0000).
 * The 64 KiB from each MSI window's address on are kept free of DMA
 * windows (the MSI region is a host page under KVM).
 */
#define SPAPR_PCI_MSI32_WINDOW          0xffff0000ULL
#define SPAPR_PCI_MSI_RESERVED          0x10000ULL

/*
 * Does the PHB decode 32-bit MSIs: only if its default DMA window leaves
 * the 32-bit MSI window alone (dma_win_addr/dma_win_size properties)
 */
bool spapr_pci_msi32_available(SpaprPhbState *sphb);

/*
 * An MSI write of @data at offset @addr of @sphb's MSI window by the
 * device @requester_id: raise the interrupt if it is one the device was
 * given by ibm,change-msi; refuse and report it otherwise.
 */
void spapr_pci_msi_deliver(SpaprPhbState *sphb, uint16_t requester_id,
                           hwaddr addr, uint64_t data);

#endif
