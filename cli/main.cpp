// usbcheck's entry point: everything happens in cli::run, which maps errors to exit codes.
#include "cli/app.h"

int main(int argc, char** argv) { return usbcheck::cli::run(argc, argv); }
