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
 * An MSI write of @data at offset @addr of @sphb's MSI window by the
 * device @requester_id: raise the interrupt if it is one the device was
 * given by ibm,change-msi; refuse and report it otherwise.
 */
void spapr_pci_msi_deliver(SpaprPhbState *sphb, uint16_t requester_id,
                           hwaddr addr, uint64_t data);

#endif
