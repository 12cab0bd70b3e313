// Floating point: Mandelbrot, n-body steps, the rounding instructions,
// conversions in every direction and sign bit operations, in f32 and f64.
// Without nontrapping-fptoint, clang guards each float-to-int cast and
// emits the trapping truncations (saturation.c has the other kind). Both builds are IEEE 754 with no fused
// multiply-add, so results match to the bit.
#include "support.h"

u32 mandelbrot(u32 width, u32 height, u32 max_iterations) {
    u32 total = 0;
    for (u32 y = 0; y < height; y++) {
        double ci = (double)y * 2.0 / height - 1.0;
        for (u32 x = 0; x < width; x++) {
            double cr = (double)x * 3.0 / width - 2.0;
            double zr = 0, zi = 0;
            u32 n = 0;
            while (n < max_iterations && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                n++;
            }
            total = total * 31 + n;
        }
    }
    return total;
}

// The same in single precision, so f32 arithmetic and compares get their share.
u32 mandelbrot_float(u32 width, u32 height, u32 max_iterations) {
    u32 total = 0;
    for (u32 y = 0; y < height; y++) {
        float ci = (float)y * 2.0f / (float)height - 1.0f;
        for (u32 x = 0; x < width; x++) {
            float cr = (float)x * 3.0f / (float)width - 2.0f;
            float zr = 0, zi = 0;
            u32 n = 0;
            while (n < max_iterations && zr * zr + zi * zi <= 4.0f) {
                float t = zr * zr - zi * zi + cr;
                zi = 2.0f * zr * zi + ci;
                zr = t;
                n++;
            }
            total = total * 31 + n;
        }
    }
    return total;
}

typedef struct {
    double x, y, z, vx, vy, vz, mass;
} body;

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

static void nbody_init(body *bodies) {
    body initial[5] = {
        {0, 0, 0, 0, 0, 0, SOLAR_MASS},
        {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
         -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS},
        {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
         2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS},
        {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
         -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS},
        {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
         -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS},
    };
    for (int i = 0; i < 5; i++) bodies[i] = initial[i];
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < 5; i++) {
        px += bodies[i].vx * bodies[i].mass;
        py += bodies[i].vy * bodies[i].mass;
        pz += bodies[i].vz * bodies[i].mass;
    }
    bodies[0].vx = -px / SOLAR_MASS;
    bodies[0].vy = -py / SOLAR_MASS;
    bodies[0].vz = -pz / SOLAR_MASS;
}

static void nbody_advance(body *bodies, double dt) {
    for (int i = 0; i < 5; i++) {
        for (int j = i + 1; j < 5; j++) {
            double dx = bodies[i].x - bodies[j].x, dy = bodies[i].y - bodies[j].y, dz = bodies[i].z - bodies[j].z;
            double distance_squared = dx * dx + dy * dy + dz * dz;
            double distance = __builtin_sqrt(distance_squared);
            double magnitude = dt / (distance_squared * distance);
            bodies[i].vx -= dx * bodies[j].mass * magnitude;
            bodies[i].vy -= dy * bodies[j].mass * magnitude;
            bodies[i].vz -= dz * bodies[j].mass * magnitude;
            bodies[j].vx += dx * bodies[i].mass * magnitude;
            bodies[j].vy += dy * bodies[i].mass * magnitude;
            bodies[j].vz += dz * bodies[i].mass * magnitude;
        }
    }
    for (int i = 0; i < 5; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

static double nbody_energy(const body *bodies) {
    double energy = 0;
    for (int i = 0; i < 5; i++) {
        const body *b = &bodies[i];
        energy += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
        for (int j = i + 1; j < 5; j++) {
            double dx = b->x - bodies[j].x, dy = b->y - bodies[j].y, dz = b->z - bodies[j].z;
            energy -= b->mass * bodies[j].mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return energy;
}

// The benchmark's entry: the system's energy after `steps` steps.
double nbody(u32 steps) {
    body bodies[5];
    nbody_init(bodies);
    for (u32 i = 0; i < steps; i++) nbody_advance(bodies, 0.01);
    return nbody_energy(bodies);
}

// Inputs that a constant folder cannot see through.
static volatile double inputs[] = {
    0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.49999, -3.50001, 1e10, -1e10, 123456.789, -98765.4321,
    4294967295.5, 4294967296.0, -2147483648.5, 2147483647.5, 9.3e18, 1.9e19, -9.3e18, 1e300, -1e300, 1e-300,
    0.1, 0.2, 0.3, 1.0 / 3.0, 2.0 / 3.0, 7e-5, 65535.99, -65536.01,
};
#define INPUT_COUNT (sizeof inputs / sizeof inputs[0])

u64 check_rounding_f64(void) {
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 0; i < INPUT_COUNT; i++) {
        double x = inputs[i];
        checksum = mix64(checksum, double_bits(__builtin_floor(x)));
        checksum = mix64(checksum, double_bits(__builtin_ceil(x)));
        checksum = mix64(checksum, double_bits(__builtin_trunc(x)));
        checksum = mix64(checksum, double_bits(__builtin_nearbyint(x)));
        checksum = mix64(checksum, double_bits(__builtin_sqrt(__builtin_fabs(x))));
        checksum = mix64(checksum, double_bits(__builtin_copysign(1.25, x)));
        checksum = mix64(checksum, double_bits(-x));
    }
    return checksum;
}

u64 check_rounding_f32(void) {
    u64 checksum = CHECKSUM64_START;
    for (u32 i = 0; i < INPUT_COUNT; i++) {
        float x = (float)inputs[i];
        checksum = mix64(checksum, float_bits(__builtin_floorf(x)));
        checksum = mix64(checksum, float_bits(__builtin_ceilf(x)));
        checksum = mix64(checksum, float_bits(__builtin_truncf(x)));
        checksum = mix64(checksum, float_bits(__builtin_nearbyintf(x)));
        checksum = mix64(checksum, float_bits(__builtin_sqrtf(__builtin_fabsf(x))));
        checksum = mix64(checksum, float_bits(__builtin_copysignf(3.5f, x)));
        checksum = mix64(checksum, float_bits(x * 0.75f - 1.0f / (x + 2.0f)));
    }
    return checksum;
}

// Plain C casts, with values in range so that both builds define them.
u64 check_conversions_in_range(void) {
    u64 checksum = CHECKSUM64_START;
    random_seed(77);
    for (u32 i = 0; i < 2000; i++) {
        u32 r = random_next();
        u64 wide = ((u64)random_next() << 32) | random_next();
        double d = (double)(i32)r / 3.0;
        float f = (float)r * 0.001f;
        checksum = mix64(checksum, (u64)(i64)(i32)d);
        checksum = mix64(checksum, (u32)(d < 0 ? -d : d));
        checksum = mix64(checksum, (u64)(i64)((double)(i64)wide / 5.0));
        checksum = mix64(checksum, (u64)((double)(wide >> 1) * 1.5));
        checksum = mix64(checksum, (u64)(i64)f);
        checksum = mix64(checksum, (u32)f);
        checksum = mix64(checksum, double_bits((double)wide));
        checksum = mix64(checksum, double_bits((double)(i64)wide));
        checksum = mix64(checksum, float_bits((float)wide));
        checksum = mix64(checksum, float_bits((float)(i64)wide));
        checksum = mix64(checksum, float_bits((float)r));
        checksum = mix64(checksum, float_bits((float)(i32)r));
        checksum = mix64(checksum, double_bits((double)r));
        checksum = mix64(checksum, float_bits((float)d));
        checksum = mix64(checksum, double_bits((double)f));
    }
    return checksum;
}

u32 check_float_comparisons(void) {
    u32 checksum = CHECKSUM_START;
    volatile double zero = 0.0;
    double not_a_number = zero / zero;
    double values[] = {-1.0, -0.0, 0.0, 1.0, not_a_number, 1e308, -1e-308};
    for (u32 i = 0; i < 7; i++) {
        for (u32 j = 0; j < 7; j++) {
            double a = values[i], b = values[j];
            float fa = (float)a, fb = (float)b;
            u32 bits = (a < b) | (a <= b) << 1 | (a > b) << 2 | (a >= b) << 3 | (a == b) << 4 | (a != b) << 5 |
                       (fa < fb) << 6 | (fa <= fb) << 7 | (fa > fb) << 8 | (fa >= fb) << 9 | (fa == fb) << 10 |
                       (fa != fb) << 11 | (!(a < b)) << 12;
            checksum = mix32(checksum, bits);
        }
    }
    return checksum;
}

u32 check_mandelbrot(void) { return mandelbrot(60, 40, 200); }
u32 check_mandelbrot_float(void) { return mandelbrot_float(50, 30, 100); }
double check_nbody(void) { return nbody(1000); }
