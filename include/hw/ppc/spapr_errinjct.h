/*
 * sPAPR RTAS error injection (ibm,open-errinjct, ibm,errinjct,
 * ibm,close-errinjct) for emulated PCI devices
 *
 * Copyright (c) 2026 The powerio authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_PPC_SPAPR_ERRINJCT_H
#define HW_PPC_SPAPR_ERRINJCT_H

typedef struct SpaprMachineState SpaprMachineState;

/* /rtas "ibm,errinjct-tokens": the error classes modelled */
void spapr_errinjct_dt(void *fdt, int rtas_node);
/* A machine reset closes the session */
void spapr_errinjct_reset(SpaprMachineState *spapr);

extern const VMStateDescription vmstate_spapr_errinjct;

#endif
