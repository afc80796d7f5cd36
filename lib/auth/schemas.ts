import { z } from 'zod';

// Shared by the forms (client-side hints) and the server (the authority).
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.').max(254, 'Email is too long.'));

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Enter your password.').max(200, 'Password is too long.'),
});

export const signUpSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(100, 'Name is too long.'),
  email: emailSchema,
  password: z.string().min(10, 'Use at least 10 characters.').max(200, 'Password is too long.'),
});
