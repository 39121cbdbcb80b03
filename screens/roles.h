/*
 * roles.h — the console's dispatcher refuses, before any screen sees
 * it, a request that only a supervisor may make (the key table's
 * "Supervisor:" requests, where they mean that), shows why and writes
 * the refusal to the audit log ('app.refused', as the store does for
 * its own refusals). The store still enforces every rule itself; this
 * is so a refusal of a known operator for lack of role is recorded at
 * the console as at the command line.
 */
#ifndef RD_SCREENS_ROLES_H
#define RD_SCREENS_ROLES_H

#include "screens/screen.h"

/* 1 when req was refused (status set, audited): do not dispatch it. */
int ui_role_refuse(struct ui *ui, enum ui_req req);

#endif
