// Placeholder until the runtime support lands.
#pragma once
