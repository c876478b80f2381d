FUZZ_SRCS_fuzz_acpi := drivers/acpi/tables.c drivers/acpi/madt.c drivers/acpi/fadt.c drivers/acpi/hpet.c
