/**
 * Loaders for the patient page's self-report sections: the questionnaire links and the course's
 * measurement plan. Reached through `@kap/web/outcomes/sections`, never the barrel, so they stay
 * out of the initial bundle and load with the patient page.
 */
export const outcomeSections = {
  questionnaires: () => import('./self-report/questionnaires-section').then((m) => m.QuestionnairesSection),
  measurementPlan: () =>
    import('./self-report/measurement-plan-section').then((m) => m.MeasurementPlanSection),
};
