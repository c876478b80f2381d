UNIT_SRCS_test_acpi_madt := drivers/acpi/tables.c drivers/acpi/madt.c drivers/acpi/fadt.c drivers/acpi/hpet.c
