// SPDX-License-Identifier: GPL-2.0
/*
 * klpc_target.h - declarations shared by the two translation units of the
 * klpcheck fixture module klpc_target (not a livepatch).
 */
#ifndef KLPC_TARGET_H
#define KLPC_TARGET_H

struct seq_file;

int klpc_target_add(int a, int b);
int klpc_target_mul(int a, int b);
int klpc_target_show(struct seq_file *m, void *v);
int klpc_target_dup_call(int x);

#endif
